//! The demo loader against a real SQLite database.

use std::time::Duration;

use xieshang_schema::clock::Clock;
use xieshang_schema::db::page::PageRequest;
use xieshang_schema::db::{Database, DbSettings, run_migrations};
use xieshang_schema::demo;
use xieshang_schema::organizations::kinds::OrganizationKind;
use xieshang_schema::organizations::storage::{self, OrganizationFilter};
use xieshang_schema::organizations::visibility::OrgVisible;

async fn count(db: &Database, kind: OrganizationKind) -> i64 {
    let filter = OrganizationFilter {
        kinds: vec![kind],
        ..OrganizationFilter::default()
    };
    let page = PageRequest {
        size: 0,
        count: true,
        ..PageRequest::default()
    };
    let mut pooled = db.get().await.unwrap();
    storage::organizations_page(&mut pooled.conn(), &filter, &OrgVisible::Everything, &page)
        .await
        .unwrap()
        .total
}

#[tokio::test(flavor = "multi_thread")]
async fn loading_the_demo_again_is_a_no_op() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("demo.sqlite").display());
    assert!(run_migrations(&url).await.unwrap() >= 1);
    assert_eq!(
        run_migrations(&url).await.unwrap(),
        0,
        "migrations are applied once"
    );
    let settings = DbSettings {
        url,
        max_connections: 2,
        statement_timeout: Duration::from_secs(5),
    };
    let db = Database::open(&settings).await.unwrap();
    let clock = Clock::system();

    assert_eq!(
        demo::load(&db, &clock).await.unwrap(),
        [
            "organizations",
            "users",
            "calendar-2026",
            "offers",
            "agreements",
            "risk",
            "layoffs",
            "evaluation"
        ]
    );
    assert_eq!(count(&db, OrganizationKind::Employer).await, 60);
    // 1 city federation, 15 district federations and 60 grassroots unions.
    assert_eq!(count(&db, OrganizationKind::Union).await, 76);

    assert!(demo::load(&db, &clock).await.unwrap().is_empty());
    assert_eq!(count(&db, OrganizationKind::Employer).await, 60);
    assert_eq!(count(&db, OrganizationKind::Union).await, 76);
}
