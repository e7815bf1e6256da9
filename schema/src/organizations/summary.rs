//! Audit summaries of organization changes: what changed and nothing else,
//! with global ids rather than row ids, so a reader of the trail can tell
//! what happened without the database.

use serde_json::{Map, Value, json};

use super::storage::{EmployerProfileRow, OrganizationChanges, OrganizationRow};
use crate::graphql::ids::{NodeType, encode};

fn organization_id(id: i64) -> Value {
    json!(encode(NodeType::Organization, id))
}

/// Every field of a profile; none is secret.
fn profile_fields(profile: &EmployerProfileRow) -> Map<String, Value> {
    let fields = json!({
        "creditCode": profile.credit_code,
        "legalRepresentative": profile.legal_representative,
        "industrySection": profile.industry_section.as_str(),
        "industryDivision": profile.industry_division,
        "headcount": profile.headcount,
        "address": profile.address,
        "operatingStatus": profile.operating_status.as_str(),
        "isPlatform": profile.is_platform,
    });
    match fields {
        Value::Object(map) => map,
        _ => Map::new(),
    }
}

/// A new organization: all it was created with.
pub fn created(row: &OrganizationRow, profile: Option<&EmployerProfileRow>) -> Value {
    let mut summary = json!({
        "kind": row.kind.as_str(),
        "name": row.name,
        "regionId": encode(NodeType::Region, row.region_id),
        "parentId": row.parent_id.map(organization_id),
        "employerId": row.employer_id.map(organization_id),
    });
    if let Some(profile) = profile {
        summary["employerProfile"] = Value::Object(profile_fields(profile));
    }
    summary
}

/// A change: only the fields that changed, a removed parent as null.
pub fn updated(
    changes: &OrganizationChanges,
    before: Option<&EmployerProfileRow>,
    after: Option<&EmployerProfileRow>,
) -> Value {
    let mut summary = Map::new();
    if let Some(name) = &changes.name {
        summary.insert("name".into(), json!(name));
    }
    if let Some(region) = changes.region_id {
        summary.insert("regionId".into(), json!(encode(NodeType::Region, region)));
    }
    if let Some(parent) = changes.parent_id {
        summary.insert(
            "parentId".into(),
            parent.map_or(Value::Null, organization_id),
        );
    }
    if let Some(after) = after {
        let old = before.map(profile_fields).unwrap_or_default();
        let changed: Map<String, Value> = profile_fields(after)
            .into_iter()
            .filter(|(field, value)| old.get(field) != Some(value))
            .collect();
        if !changed.is_empty() {
            summary.insert("employerProfile".into(), Value::Object(changed));
        }
    }
    Value::Object(summary)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::organizations::kinds::{IndustrySection, OperatingStatus};

    fn profile(address: &str) -> EmployerProfileRow {
        EmployerProfileRow {
            organization_id: 49,
            credit_code: "91220101MA0000000X".into(),
            legal_representative: "张伟".into(),
            industry_section: IndustrySection::C,
            industry_division: "36".into(),
            headcount: 280,
            address: address.into(),
            operating_status: OperatingStatus::Operating,
            is_platform: false,
        }
    }

    #[test]
    fn an_address_change_records_the_address_alone() {
        let unchanged = OrganizationChanges::default();
        let before = profile("南关区人民大街1号");
        let after = profile("南关区人民大街9号");
        let summary = updated(&unchanged, Some(&before), Some(&after));
        assert_eq!(
            summary,
            json!({ "employerProfile": { "address": "南关区人民大街9号" } })
        );
        assert_eq!(updated(&unchanged, Some(&before), Some(&before)), json!({}));
    }

    #[test]
    fn ids_in_a_summary_are_global() {
        let changes = OrganizationChanges {
            name: None,
            region_id: Some(2),
            parent_id: Some(None),
        };
        let summary = updated(&changes, None, None);
        assert_eq!(summary["regionId"], json!(encode(NodeType::Region, 2)));
        assert_eq!(summary["parentId"], Value::Null, "a removed parent");
        assert!(!summary.to_string().contains(":2"), "no row id: {summary}");
    }
}
