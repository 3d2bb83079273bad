//! The closed sets of values the rules test membership in, named after the catalogue's
//! words (critical infrastructure, domaine réservé, …) so that a guard reads like the rule.

use crate::facts::*;

impl Vector {
    /// HARM-1: the vector exploits code or a system. HARM-2: people or information do not.
    pub fn is_cyber(self) -> bool {
        !matches!(
            self,
            Vector::SocialEngineering | Vector::HumanError | Vector::Content
        )
    }
}

impl Degree {
    /// HARM-3: the degree of harm of an effect.
    pub fn of(effect: Effect) -> Degree {
        match effect {
            Effect::Confidentiality => Degree::Intrusive,
            Effect::Functionality => Degree::Disruptive,
            Effect::Physical => Degree::Destructive,
        }
    }
}

impl Sector {
    /// SIG-CI: the critical-infrastructure sectors (F9).
    pub fn is_critical_infrastructure(self) -> bool {
        use Sector::*;
        matches!(
            self,
            Energy | Water | Health | Finance | Telecom | Transport | Food | EmergencyServices
        )
    }
    /// SIG-INTERVENTION: sectors of the *domaine réservé* regardless of severity (finance
    /// counts only from high severity: financial stability).
    pub fn is_domaine_reserve(self) -> bool {
        use Sector::*;
        matches!(self, Elections | Parliament | Government | LawEnforcement)
    }
    /// SIG-SOVEREIGNTY (territorial): inherently governmental functions.
    pub fn is_governmental(self) -> bool {
        self.is_domaine_reserve()
    }
}

impl MlaOutcome {
    /// BREACH-MLA: `granted` and `refused_with_reasons` comply; a bare `refused` does not.
    pub fn is_compliant(self) -> bool {
        !matches!(self, MlaOutcome::Refused)
    }
}
