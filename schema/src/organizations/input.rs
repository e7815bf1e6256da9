//! Mutation inputs of the organizations area, and their parsing into
//! checked values. Every problem becomes a user error naming its field.

use async_graphql::{ID, InputObject, MaybeUndefined};

use super::kinds::{IndustrySection, OperatingStatus, OrganizationKind, RegionKind};
use super::rules::{CreditCode, check_division};
use super::storage::EmployerProfileRow;
use crate::graphql::errors::{UserErrorCode, UserErrors};
use crate::graphql::ids::{NodeType, decode_as};

pub const NAME_MAX: usize = 200;
const PERSON_MAX: usize = 50;
const ADDRESS_MAX: usize = 300;

/// Input of `createRegion`.
#[derive(InputObject)]
pub struct CreateRegionInput {
    /// Six-digit administrative division code.
    pub code: String,
    /// Name of the region.
    pub name: String,
    /// Kind of region.
    pub kind: RegionKind,
    /// The region above this one; omit for a root (province or city).
    pub parent_id: Option<ID>,
}

/// Input of `createOrganization`.
#[derive(InputObject)]
pub struct CreateOrganizationInput {
    /// Kind of organization; it cannot change later.
    pub kind: OrganizationKind,
    /// Full registered name.
    pub name: String,
    /// The region the organization belongs to.
    pub region_id: ID,
    /// The organization above this one, of the same kind.
    pub parent_id: Option<ID>,
    /// For a grassroots union: the employer it belongs to.
    pub employer_id: Option<ID>,
    /// Required for an employer, and only for an employer.
    pub employer_profile: Option<EmployerProfileInput>,
}

/// Registration and operating details of an employer.
#[derive(InputObject, Clone)]
pub struct EmployerProfileInput {
    /// Unified social credit code (统一社会信用代码), 18 characters with a valid check character.
    pub credit_code: String,
    /// Legal representative (法定代表人).
    pub legal_representative: String,
    /// Industry section of GB/T 4754-2017.
    pub industry_section: IndustrySection,
    /// Two-digit industry division of GB/T 4754-2017, within the section.
    pub industry_division: String,
    /// Number of workers employed.
    pub headcount: i32,
    /// Registered address.
    pub address: String,
    /// Operating status; `OPERATING` when omitted.
    pub operating_status: Option<OperatingStatus>,
    /// Whether this is a platform employer of new forms of employment; false when omitted.
    pub is_platform: Option<bool>,
}

/// Input of `updateOrganization`. Omitted fields keep their values.
#[derive(InputObject)]
pub struct UpdateOrganizationInput {
    /// The organization to change.
    pub id: ID,
    /// The version the change is based on; a stale one fails with `CONFLICT`.
    pub expected_version: i32,
    /// New name.
    pub name: Option<String>,
    /// New region.
    pub region_id: Option<ID>,
    /// New parent; null removes it.
    pub parent_id: MaybeUndefined<ID>,
    /// Changed employer details (employers only).
    pub employer_profile: Option<EmployerProfilePatch>,
}

/// Changed employer details. Omitted fields keep their values.
#[derive(InputObject)]
pub struct EmployerProfilePatch {
    /// Unified social credit code.
    pub credit_code: Option<String>,
    /// Legal representative.
    pub legal_representative: Option<String>,
    /// Industry section; the division must fit it.
    pub industry_section: Option<IndustrySection>,
    /// Two-digit industry division.
    pub industry_division: Option<String>,
    /// Number of workers employed.
    pub headcount: Option<i32>,
    /// Registered address.
    pub address: Option<String>,
    /// Operating status.
    pub operating_status: Option<OperatingStatus>,
    /// Whether this is a platform employer.
    pub is_platform: Option<bool>,
}

/// Input of `addAssociationMember` and `removeAssociationMember`.
#[derive(InputObject)]
pub struct AssociationMemberInput {
    /// The employer association.
    pub association_id: ID,
    /// The member employer.
    pub employer_id: ID,
    /// The association's version the change is based on, if the client tracks it.
    pub expected_version: Option<i32>,
}

/// Decodes a required id input of the given type.
pub fn parse_id(errors: &mut UserErrors, field: &str, id: &ID, node_type: NodeType) -> Option<i64> {
    let decoded = decode_as(id, node_type);
    if decoded.is_none() {
        errors.push(&[field], UserErrorCode::Invalid, "is not a valid id");
    }
    decoded
}

pub fn parse_name(
    errors: &mut UserErrors,
    field: &[&str],
    name: &str,
    max: usize,
) -> Option<String> {
    errors.keep(crate::graphql::text::required(field, name, max))
}

/// Checks a complete employer profile; `organization_id` is filled in later.
pub fn parse_profile(
    errors: &mut UserErrors,
    input: &EmployerProfileInput,
) -> Option<EmployerProfileRow> {
    const AT: &str = "employerProfile";
    let credit_code = errors.check(
        &[AT, "creditCode"],
        UserErrorCode::Invalid,
        CreditCode::parse(&input.credit_code),
    );
    let legal_representative = parse_name(
        errors,
        &[AT, "legalRepresentative"],
        &input.legal_representative,
        PERSON_MAX,
    );
    let industry_division = errors.check(
        &[AT, "industryDivision"],
        UserErrorCode::Invalid,
        check_division(input.industry_section, &input.industry_division),
    );
    if let Err(message) = crate::graphql::bounds::people(input.headcount) {
        errors.push(&[AT, "headcount"], UserErrorCode::OutOfRange, message);
    }
    let address = parse_name(errors, &[AT, "address"], &input.address, ADDRESS_MAX);
    Some(EmployerProfileRow {
        organization_id: 0,
        credit_code: credit_code?.as_str().to_owned(),
        legal_representative: legal_representative?,
        industry_section: input.industry_section,
        industry_division: industry_division?,
        headcount: input.headcount.max(0),
        address: address?,
        operating_status: input.operating_status.unwrap_or(OperatingStatus::Operating),
        is_platform: input.is_platform.unwrap_or(false),
    })
}

impl EmployerProfilePatch {
    /// The complete profile after applying this patch to `current`.
    pub fn applied_to(&self, current: &EmployerProfileRow) -> EmployerProfileInput {
        EmployerProfileInput {
            credit_code: self
                .credit_code
                .clone()
                .unwrap_or_else(|| current.credit_code.clone()),
            legal_representative: self
                .legal_representative
                .clone()
                .unwrap_or_else(|| current.legal_representative.clone()),
            industry_section: self.industry_section.unwrap_or(current.industry_section),
            industry_division: self
                .industry_division
                .clone()
                .unwrap_or_else(|| current.industry_division.clone()),
            headcount: self.headcount.unwrap_or(current.headcount),
            address: self
                .address
                .clone()
                .unwrap_or_else(|| current.address.clone()),
            operating_status: Some(self.operating_status.unwrap_or(current.operating_status)),
            is_platform: Some(self.is_platform.unwrap_or(current.is_platform)),
        }
    }
}
