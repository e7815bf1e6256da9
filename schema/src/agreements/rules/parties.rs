//! Who the parties of a new agreement may be (CCP Arts. 3, 57): an
//! agreement comes from a negotiation under way or concluded; a single
//! employer's agreement is between the employer and its grassroots union; a
//! sector or regional contract binds at least one employer in its region.

use crate::graphql::errors::{UserError, UserErrorCode, refused};
use crate::offers::kinds::OfferStatus;
use crate::organizations::kinds::OrganizationKind;
use crate::organizations::storage::OrganizationRow;

/// An agreement comes from an offer under negotiation, suspended or concluded.
pub fn from_offer(status: OfferStatus) -> Result<(), Vec<UserError>> {
    match status {
        OfferStatus::InNegotiation | OfferStatus::Suspended | OfferStatus::Concluded => Ok(()),
        _ => Err(refused(
            "offerId",
            UserErrorCode::RuleViolated,
            "an agreement comes from an offer under negotiation or concluded",
        )),
    }
}

/// The organization named for a side, if it exists and is of one of `kinds`.
pub fn party<'a>(
    field: &str,
    named: bool,
    found: Option<&'a OrganizationRow>,
    kinds: &[OrganizationKind],
) -> Result<&'a OrganizationRow, Vec<UserError>> {
    match found {
        _ if !named => Err(refused(
            field,
            UserErrorCode::Required,
            "required without an offer",
        )),
        Some(row) if kinds.contains(&row.kind) => Ok(row),
        Some(_) => Err(refused(
            field,
            UserErrorCode::Invalid,
            "is not an organization of the right kind for this side",
        )),
        None => Err(refused(
            field,
            UserErrorCode::NotFound,
            "no such organization",
        )),
    }
}

/// The workers' side of a single employer's agreement is its grassroots union.
pub fn single_employer(
    workers: &OrganizationRow,
    employer: &OrganizationRow,
) -> Result<(), Vec<UserError>> {
    if workers.employer_id == Some(employer.id) {
        Ok(())
    } else {
        Err(refused(
            "workersPartyId",
            UserErrorCode::RuleViolated,
            "the workers' side of a single employer's agreement is its grassroots union",
        ))
    }
}

/// A sector or regional contract's workers' side is a union federation
/// whose region holds the contract's (`covers`): a grassroots union speaks
/// for its own employer's workers only.
pub fn federation_over(workers: &OrganizationRow, covers: bool) -> Result<(), Vec<UserError>> {
    if workers.kind == OrganizationKind::Union && workers.employer_id.is_none() && covers {
        Ok(())
    } else {
        Err(refused(
            "workersPartyId",
            UserErrorCode::RuleViolated,
            "the workers' side of a sector or regional contract is a union federation over its region",
        ))
    }
}

/// A party binds only employers it may speak for: an employer itself, an
/// association its member employers (`members`: those of `employers` that
/// belong to it).
pub fn binds(
    employer_party: &OrganizationRow,
    employers: &[i64],
    members: &[i64],
) -> Result<(), Vec<UserError>> {
    let may_bind = |id: &i64| match employer_party.kind {
        OrganizationKind::EmployerAssociation => members.contains(id),
        _ => *id == employer_party.id,
    };
    match employers.iter().position(|id| !may_bind(id)) {
        None => Ok(()),
        Some(index) => Err(vec![UserError::new(
            &["employerIds", &index.to_string()],
            UserErrorCode::RuleViolated,
            "the employer's side binds only itself, or an association its members",
        )]),
    }
}

/// The employers a sector or regional contract binds, each once: at least
/// one, every one an employer in the contract's region.
pub fn bound_employers(
    found: &[Option<OrganizationRow>],
    region_ids: &[i64],
) -> Result<Vec<i64>, Vec<UserError>> {
    if found.is_empty() {
        return Err(refused(
            "employerIds",
            UserErrorCode::Required,
            "a sector or regional contract binds at least one employer",
        ));
    }
    let mut employers = Vec::with_capacity(found.len());
    for (index, row) in found.iter().enumerate() {
        match row {
            Some(row)
                if row.kind == OrganizationKind::Employer
                    && region_ids.contains(&row.region_id) =>
            {
                if !employers.contains(&row.id) {
                    employers.push(row.id);
                }
            }
            _ => {
                return Err(vec![UserError::new(
                    &["employerIds", &index.to_string()],
                    UserErrorCode::Invalid,
                    "is not an employer in the contract's region",
                )]);
            }
        }
    }
    Ok(employers)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn organization(
        id: i64,
        kind: OrganizationKind,
        region_id: i64,
        employer_id: Option<i64>,
    ) -> OrganizationRow {
        OrganizationRow {
            id,
            kind,
            name: format!("组织{id}"),
            region_id,
            parent_id: None,
            employer_id,
            version: 1,
            created_at: chrono::NaiveDateTime::default(),
            updated_at: chrono::NaiveDateTime::default(),
            city_office: false,
        }
    }

    #[test]
    fn a_party_binds_only_the_employers_it_speaks_for() {
        let employer = organization(5, OrganizationKind::Employer, 2, None);
        let association = organization(9, OrganizationKind::EmployerAssociation, 1, None);
        assert!(binds(&employer, &[5], &[]).is_ok());
        let others = binds(&employer, &[5, 6], &[]).unwrap_err();
        assert_eq!(others[0].field, ["employerIds", "1"]);
        assert!(binds(&association, &[5, 6], &[5, 6]).is_ok());
        assert!(binds(&association, &[5, 7], &[5]).is_err());
        assert!(binds(&association, &[9], &[]).is_err());
    }

    #[test]
    fn only_a_federation_over_the_region_speaks_for_many_employers() {
        let federation = organization(3, OrganizationKind::Union, 1, None);
        let grassroots = organization(4, OrganizationKind::Union, 2, Some(5));
        assert!(federation_over(&federation, true).is_ok());
        assert!(federation_over(&federation, false).is_err());
        assert!(federation_over(&grassroots, true).is_err());
    }

    #[test]
    fn an_agreement_comes_from_a_negotiation_under_way_or_concluded() {
        assert!(from_offer(OfferStatus::InNegotiation).is_ok());
        assert!(from_offer(OfferStatus::Concluded).is_ok());
        assert_eq!(
            from_offer(OfferStatus::Accepted).unwrap_err()[0].field,
            vec!["offerId"]
        );
    }

    #[test]
    fn a_single_employers_agreement_is_with_its_own_grassroots_union() {
        let employer = organization(2, OrganizationKind::Employer, 5, None);
        let own = organization(3, OrganizationKind::Union, 5, Some(2));
        let other = organization(4, OrganizationKind::Union, 5, Some(9));
        assert!(single_employer(&own, &employer).is_ok());
        assert!(single_employer(&other, &employer).is_err());
    }

    #[test]
    fn a_side_must_be_named_and_of_the_right_kind() {
        let union = organization(3, OrganizationKind::Union, 5, Some(2));
        let kinds = [OrganizationKind::Employer];
        assert_eq!(
            party("employerPartyId", false, None, &kinds).unwrap_err()[0].code,
            UserErrorCode::Required
        );
        assert_eq!(
            party("employerPartyId", true, None, &kinds).unwrap_err()[0].code,
            UserErrorCode::NotFound
        );
        assert_eq!(
            party("employerPartyId", true, Some(&union), &kinds).unwrap_err()[0].code,
            UserErrorCode::Invalid
        );
    }

    #[test]
    fn a_regional_contract_binds_employers_of_its_region_each_once() {
        let inside = organization(2, OrganizationKind::Employer, 5, None);
        let outside = organization(7, OrganizationKind::Employer, 6, None);
        assert!(bound_employers(&[], &[5]).is_err());
        let twice = [Some(inside.clone()), Some(inside.clone())];
        assert_eq!(bound_employers(&twice, &[5]), Ok(vec![2]));
        let refused = bound_employers(&[Some(inside), Some(outside), None], &[5]).unwrap_err();
        assert_eq!(refused[0].field, vec!["employerIds", "1"]);
    }
}
