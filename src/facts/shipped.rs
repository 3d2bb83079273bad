//! The shipped dataset, built into the binary: the repository's `facts/` folder (twenty-five
//! real incidents, see `facts/README.md`), one file per input file, embedded when compiling
//! as the shipped profiles are. `diligence` reads it when no `--facts` is given and the
//! current folder has no `facts/` folder, so an installed binary works anywhere; its rows
//! keep their file and line (`incidents.csv:25`), exactly as when the folder is read.

use std::path::PathBuf;

use super::{load_files, Dataset, InputErrors, InputFile};

/// The name the shipped dataset goes by (its folder in the repository).
pub const DIR: &str = "facts";

/// Every input file of the shipped dataset with its bytes, in the order of
/// [`InputFile::ALL`].
pub const FILES: [(InputFile, &[u8]); 11] = [
    (InputFile::States, include_bytes!("../../facts/states.csv")),
    (
        InputFile::Institutions,
        include_bytes!("../../facts/institutions.csv"),
    ),
    (
        InputFile::Incidents,
        include_bytes!("../../facts/incidents.csv"),
    ),
    (
        InputFile::Targets,
        include_bytes!("../../facts/targets.csv"),
    ),
    (
        InputFile::Origins,
        include_bytes!("../../facts/origins.csv"),
    ),
    (InputFile::Actors, include_bytes!("../../facts/actors.csv")),
    (
        InputFile::Perpetrators,
        include_bytes!("../../facts/perpetrators.csv"),
    ),
    (
        InputFile::Control,
        include_bytes!("../../facts/control.csv"),
    ),
    (InputFile::Events, include_bytes!("../../facts/events.csv")),
    (
        InputFile::Vulnerabilities,
        include_bytes!("../../facts/vulnerabilities.csv"),
    ),
    (
        InputFile::Responses,
        include_bytes!("../../facts/responses.csv"),
    ),
];

/// The bytes of one file of the shipped dataset.
pub fn file(file: InputFile) -> &'static [u8] {
    FILES
        .iter()
        .find(|(f, _)| *f == file)
        .map_or(&[], |(_, bytes)| *bytes)
}

/// Loads the shipped dataset, as [`super::load()`] loads the folder `facts/`: the same rows,
/// sources and ids. Its [`Dataset::dir`] is `facts` and [`Dataset::shipped`] is set.
///
/// ```
/// let ds = diligence::facts::shipped::load().expect("the shipped dataset is valid");
/// assert!(ds.shipped);
/// assert_eq!(ds.incidents.len(), 25);
/// ```
pub fn load() -> Result<Dataset, InputErrors> {
    let mut ds = load_files(&FILES)?;
    ds.dir = PathBuf::from(DIR);
    ds.shipped = true;
    Ok(ds)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_input_file_is_embedded_once_in_order() {
        let embedded: Vec<InputFile> = FILES.iter().map(|(f, _)| *f).collect();
        assert_eq!(embedded, InputFile::ALL);
    }

    #[test]
    fn the_shipped_folder_holds_no_csv_file_that_is_not_embedded() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(DIR);
        for entry in std::fs::read_dir(dir).unwrap() {
            let name = entry.unwrap().file_name().to_string_lossy().into_owned();
            if name.ends_with(".csv") {
                assert!(
                    FILES.iter().any(|(f, _)| f.file_name() == name),
                    "facts/{name} is not embedded (src/facts/shipped.rs)"
                );
            }
        }
    }

    #[test]
    fn the_embedded_dataset_is_the_folder() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(DIR);
        let from_folder = super::super::load(&dir).unwrap();
        let embedded = load().unwrap();
        assert_eq!(embedded.row_count(), from_folder.row_count());
        assert_eq!(
            format!("{:?}", embedded.incidents),
            format!("{:?}", from_folder.incidents)
        );
        assert_eq!(
            format!("{:?}", embedded.events),
            format!("{:?}", from_folder.events)
        );
    }
}
