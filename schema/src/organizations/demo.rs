//! The demo city: 长春 with its real districts, counties and development
//! zones (public division codes), its offices, administrations and union
//! federations, sixty fictional employers with grassroots unions, and three
//! employer associations. Long because it is data: the city's divisions and
//! its sixty employers, each a line.

use chrono::NaiveDateTime;

use super::kinds::{IndustrySection, OperatingStatus, OrganizationKind, RegionKind};
use super::rules::{CreditCode, region_path};
use super::storage::{
    self, EmployerProfileRow, NewOrganization, NewRegion, OrganizationFilter, OrganizationRow,
    RegionRow,
};
use super::visibility::{OrgVisible, Visible};
use crate::db::Conn;
use crate::db::page::PageRequest;
use crate::demo::Batch;
use crate::graphql::errors::{ApiError, ApiResult};
use crate::identity::operators::{City as CityName, city_office};

const CITY: (&str, &str) = ("220100", "长春市");

/// The county-level regions of 长春, with their division codes.
const REGIONS: &[(&str, &str, RegionKind)] = &[
    ("220102", "南关区", RegionKind::District),
    ("220103", "宽城区", RegionKind::District),
    ("220104", "朝阳区", RegionKind::District),
    ("220105", "二道区", RegionKind::District),
    ("220106", "绿园区", RegionKind::District),
    ("220112", "双阳区", RegionKind::District),
    ("220113", "九台区", RegionKind::District),
    ("220122", "农安县", RegionKind::County),
    ("220171", "长春经济技术开发区", RegionKind::DevelopmentZone),
    (
        "220172",
        "长春净月高新技术产业开发区",
        RegionKind::DevelopmentZone,
    ),
    (
        "220173",
        "长春高新技术产业开发区",
        RegionKind::DevelopmentZone,
    ),
    (
        "220174",
        "长春汽车经济技术开发区",
        RegionKind::DevelopmentZone,
    ),
    ("220182", "榆树市", RegionKind::CountyLevelCity),
    ("220183", "德惠市", RegionKind::CountyLevelCity),
    ("220184", "公主岭市", RegionKind::CountyLevelCity),
];

/// A fictional employer: name, legal representative, section, division,
/// region code, headcount, platform employer.
type DemoEmployer = (
    &'static str,
    &'static str,
    IndustrySection,
    &'static str,
    &'static str,
    i32,
    bool,
);

use IndustrySection::*;

const EMPLOYERS: &[DemoEmployer] = &[
    (
        "长春华宇汽车零部件有限公司",
        "王建国",
        C,
        "36",
        "220174",
        1280,
        false,
    ),
    (
        "长春北方精密铸造有限公司",
        "李志强",
        C,
        "33",
        "220174",
        640,
        false,
    ),
    (
        "长春恒通汽车座椅有限公司",
        "张立新",
        C,
        "36",
        "220174",
        910,
        false,
    ),
    (
        "长春鼎盛汽车电子有限公司",
        "刘洪涛",
        C,
        "39",
        "220173",
        455,
        false,
    ),
    (
        "吉林省瑞丰轨道装备有限公司",
        "陈国庆",
        C,
        "37",
        "220103",
        1730,
        false,
    ),
    (
        "长春金穗食品有限公司",
        "杨秀梅",
        C,
        "14",
        "220171",
        380,
        false,
    ),
    (
        "长春雪原乳业有限公司",
        "赵春生",
        C,
        "14",
        "220122",
        260,
        false,
    ),
    (
        "德惠市丰泽米业有限公司",
        "孙德胜",
        C,
        "13",
        "220183",
        150,
        false,
    ),
    (
        "长春光华光学仪器有限公司",
        "周明辉",
        C,
        "40",
        "220173",
        520,
        false,
    ),
    (
        "长春新锐生物制药有限公司",
        "吴海燕",
        C,
        "27",
        "220173",
        870,
        false,
    ),
    (
        "长春康泰医疗器械有限公司",
        "郑晓东",
        C,
        "35",
        "220172",
        210,
        false,
    ),
    (
        "长春宏达建材有限公司",
        "冯振华",
        C,
        "30",
        "220113",
        190,
        false,
    ),
    (
        "公主岭市沃野农机制造有限公司",
        "何长青",
        C,
        "35",
        "220184",
        330,
        false,
    ),
    (
        "长春青松纺织服装有限公司",
        "高丽华",
        C,
        "18",
        "220105",
        420,
        false,
    ),
    (
        "长春东北印务有限公司",
        "马俊峰",
        C,
        "23",
        "220106",
        95,
        false,
    ),
    (
        "榆树市黑土地农业发展有限公司",
        "韩玉林",
        A,
        "01",
        "220182",
        120,
        false,
    ),
    (
        "农安县金玉米种植专业合作社",
        "罗春雨",
        A,
        "01",
        "220122",
        45,
        false,
    ),
    (
        "双阳区鹿乡养殖有限公司",
        "梁宝山",
        A,
        "03",
        "220112",
        60,
        false,
    ),
    (
        "九台区兴隆煤业有限公司",
        "宋大勇",
        B,
        "06",
        "220113",
        540,
        false,
    ),
    (
        "长春热力集团供热服务有限公司",
        "唐振宇",
        D,
        "44",
        "220104",
        1100,
        false,
    ),
    (
        "长春清源水务有限公司",
        "许文斌",
        D,
        "46",
        "220102",
        680,
        false,
    ),
    (
        "吉林省长城建设工程有限公司",
        "邓国栋",
        E,
        "47",
        "220104",
        1560,
        false,
    ),
    (
        "长春安居装饰工程有限公司",
        "曹立军",
        E,
        "50",
        "220106",
        230,
        false,
    ),
    (
        "长春欧亚商贸有限公司",
        "彭丽娟",
        F,
        "52",
        "220104",
        2100,
        false,
    ),
    (
        "长春万家福超市连锁有限公司",
        "曾凡荣",
        F,
        "52",
        "220102",
        980,
        false,
    ),
    (
        "长春汽贸汽车销售服务有限公司",
        "谢国华",
        F,
        "51",
        "220174",
        170,
        false,
    ),
    (
        "长春顺达物流有限公司",
        "萧长江",
        G,
        "54",
        "220103",
        610,
        false,
    ),
    (
        "长春快达同城配送有限公司",
        "田晓峰",
        G,
        "60",
        "220105",
        1450,
        true,
    ),
    (
        "长春易行网约车服务有限公司",
        "董春晖",
        G,
        "54",
        "220172",
        2300,
        true,
    ),
    (
        "长春货满满物流信息服务有限公司",
        "袁志远",
        I,
        "64",
        "220173",
        380,
        true,
    ),
    (
        "长春城际客运有限公司",
        "潘永刚",
        G,
        "54",
        "220106",
        720,
        false,
    ),
    (
        "长春松花湖大酒店有限公司",
        "蒋丽萍",
        H,
        "61",
        "220102",
        260,
        false,
    ),
    (
        "长春老味道餐饮管理有限公司",
        "蔡国强",
        H,
        "62",
        "220104",
        340,
        false,
    ),
    (
        "长春速食外卖餐饮连锁有限公司",
        "贾红梅",
        H,
        "62",
        "220105",
        510,
        true,
    ),
    (
        "长春启明软件技术有限公司",
        "丁文博",
        I,
        "65",
        "220172",
        460,
        false,
    ),
    (
        "长春云帆数据科技有限公司",
        "魏晓明",
        I,
        "64",
        "220172",
        150,
        false,
    ),
    (
        "吉林省联信通信技术服务有限公司",
        "薛建新",
        I,
        "63",
        "220103",
        330,
        false,
    ),
    (
        "长春农商银行股份有限公司朝阳支行",
        "叶文华",
        J,
        "66",
        "220104",
        120,
        false,
    ),
    (
        "长春安泰保险代理有限公司",
        "阎立波",
        J,
        "68",
        "220102",
        85,
        false,
    ),
    (
        "长春锦绣家园房地产开发有限公司",
        "余振东",
        K,
        "70",
        "220172",
        140,
        false,
    ),
    (
        "长春物华物业服务有限公司",
        "潘晓光",
        K,
        "70",
        "220106",
        890,
        false,
    ),
    (
        "长春人和人力资源服务有限公司",
        "杜春梅",
        L,
        "72",
        "220102",
        310,
        false,
    ),
    (
        "长春会展中心运营管理有限公司",
        "戴志刚",
        L,
        "72",
        "220172",
        160,
        false,
    ),
    (
        "长春北方检测技术有限公司",
        "夏海涛",
        M,
        "74",
        "220173",
        210,
        false,
    ),
    (
        "长春农业科学研究院种业有限公司",
        "钟玉华",
        M,
        "73",
        "220112",
        130,
        false,
    ),
    (
        "长春绿城园林绿化工程有限公司",
        "汪晓云",
        N,
        "78",
        "220105",
        270,
        false,
    ),
    (
        "长春净月环境卫生服务有限公司",
        "田春雷",
        N,
        "78",
        "220172",
        650,
        false,
    ),
    (
        "长春洁美家政服务有限公司",
        "任秀兰",
        O,
        "80",
        "220103",
        420,
        false,
    ),
    (
        "长春一汽汽车维修服务有限公司",
        "姜大伟",
        O,
        "81",
        "220174",
        190,
        false,
    ),
    (
        "长春育才职业培训学校有限公司",
        "范志勇",
        P,
        "83",
        "220104",
        75,
        false,
    ),
    (
        "长春启航教育科技有限公司",
        "方丽丽",
        P,
        "83",
        "220173",
        160,
        false,
    ),
    (
        "长春康宁医院有限公司",
        "石建华",
        Q,
        "84",
        "220105",
        560,
        false,
    ),
    (
        "长春夕阳红养老服务有限公司",
        "姚淑珍",
        Q,
        "85",
        "220113",
        140,
        false,
    ),
    (
        "长春东北亚影视文化有限公司",
        "谭晓辉",
        R,
        "87",
        "220172",
        110,
        false,
    ),
    (
        "长春冰雪体育运营管理有限公司",
        "廖春华",
        R,
        "89",
        "220112",
        230,
        false,
    ),
    (
        "长春印象文化传媒有限公司",
        "邹志华",
        R,
        "86",
        "220102",
        65,
        false,
    ),
    (
        "德惠市恒昌食品加工有限公司",
        "熊立新",
        C,
        "13",
        "220183",
        280,
        false,
    ),
    (
        "榆树市兴榆酿酒有限公司",
        "金长河",
        C,
        "15",
        "220182",
        350,
        false,
    ),
    (
        "公主岭市岭城建筑工程有限公司",
        "陆国华",
        E,
        "47",
        "220184",
        480,
        false,
    ),
    (
        "长春宽城机械制造有限公司",
        "郝振国",
        C,
        "34",
        "220103",
        300,
        false,
    ),
];

/// Employers whose status is not "operating", to make filters worth using.
const STATUSES: &[(usize, OperatingStatus)] = &[
    (18, OperatingStatus::Suspended),
    (11, OperatingStatus::InReorganisation),
    (55, OperatingStatus::Bankrupt),
];

const STREETS: &[&str] = &[
    "人民大街",
    "自由大路",
    "亚泰大街",
    "卫星路",
    "东风大街",
    "长春大街",
];

/// The three employer associations.
const ASSOCIATIONS: [&str; 3] = [
    "长春市企业联合会（长春市企业家协会）",
    "长春市工商业联合会",
    "长春市汽车零部件行业协会",
];

/// Which employers (by index) belong to each association, in the order of `ASSOCIATIONS`.
fn association_members() -> [Vec<usize>; 3] {
    let auto_parts = EMPLOYERS
        .iter()
        .enumerate()
        .filter(|(_, e)| e.2 == C && ["33", "34", "36", "39"].contains(&e.3))
        .map(|(i, _)| i)
        .collect();
    [(0..30).collect(), (20..50).collect(), auto_parts]
}

/// A valid, fictional unified social credit code for employer `index` in
/// `region_code`: distinct for the first nine million indexes, as 7,919 is
/// prime and the serial stays at seven digits.
fn credit_code(index: usize, region_code: &str) -> String {
    let serial = 1_000_003 + (index * 7_919) % 8_999_989;
    let first17 = format!("91{region_code}MA{serial:07}");
    CreditCode::complete(&first17)
        .map(|c| c.as_str().to_owned())
        .unwrap_or(first17)
}

async fn organization(
    conn: &mut Conn<'_>,
    now: NaiveDateTime,
    kind: OrganizationKind,
    name: String,
    region: &RegionRow,
    parent: Option<&OrganizationRow>,
    employer: Option<&OrganizationRow>,
) -> Result<OrganizationRow, ApiError> {
    let new = NewOrganization {
        kind,
        name,
        region_id: region.id,
        parent_id: parent.map(|p| p.id),
        employer_id: employer.map(|e| e.id),
        version: 1,
        created_at: now,
        updated_at: now,
    };
    Ok(storage::insert_organization(conn, &new).await?)
}

/// Loads the demo organizations of a batch: for the city itself its
/// regions, offices, administrations, federations and associations, then
/// for every batch its sixty employers.
pub async fn load(conn: &mut Conn<'_>, now: NaiveDateTime, batch: &mut Batch) -> ApiResult<()> {
    let city = match batch.is_city() {
        true => city(conn, now).await?,
        false => find_city(conn).await?,
    };
    let employers = employers(conn, now, batch.copy, &city).await?;
    batch.count_later(employers.iter().map(|e| e.id));
    batch.made_employers(employers);
    Ok(())
}

/// What every batch's employers are placed in: the county-level regions
/// (in `REGIONS`' order), their union federations, and the associations.
struct City {
    regions: Vec<RegionRow>,
    federations: Vec<OrganizationRow>,
    associations: Vec<OrganizationRow>,
}

/// The name of a county-level region's union federation.
fn federation_name(region: &RegionRow) -> String {
    format!("{}总工会", region.name)
}

/// Loads the city's regions and organizations other than its employers.
async fn city(conn: &mut Conn<'_>, now: NaiveDateTime) -> ApiResult<City> {
    use OrganizationKind::*;
    // The first start may have created the city and its office already.
    let city_office = city_office(
        conn,
        &CityName {
            code: CITY.0.into(),
            name: CITY.1.into(),
        },
        now,
    )
    .await?;
    let city = storage::regions_by_ids(conn, &[city_office.region_id], &Visible::Everything)
        .await?
        .pop()
        .ok_or(ApiError::internal("city office without region"))?;
    let city_path = city.path.clone();
    let mut regions = Vec::new();
    for (code, name, kind) in REGIONS {
        let new = NewRegion {
            code: (*code).into(),
            name: (*name).into(),
            kind: *kind,
            parent_id: Some(city.id),
            path: region_path(Some(&city_path), code),
            created_at: now,
        };
        regions.push(storage::insert_region(conn, &new).await?);
    }

    let city_bureau = organization(
        conn,
        now,
        LabourAdministration,
        "长春市人力资源和社会保障局".into(),
        &city,
        None,
        None,
    )
    .await?;
    let city_federation =
        organization(conn, now, Union, "长春市总工会".into(), &city, None, None).await?;
    let mut federations = Vec::new();
    for region in &regions {
        let name = &region.name;
        organization(
            conn,
            now,
            TripartiteOffice,
            format!("{name}协调劳动关系三方委员会办公室"),
            region,
            Some(&city_office),
            None,
        )
        .await?;
        organization(
            conn,
            now,
            LabourAdministration,
            format!("{name}人力资源和社会保障局"),
            region,
            Some(&city_bureau),
            None,
        )
        .await?;
        let federation = organization(
            conn,
            now,
            Union,
            federation_name(region),
            region,
            Some(&city_federation),
            None,
        )
        .await?;
        federations.push(federation);
    }
    let mut associations = Vec::new();
    for name in ASSOCIATIONS {
        let association = organization(
            conn,
            now,
            EmployerAssociation,
            name.into(),
            &city,
            None,
            None,
        )
        .await?;
        associations.push(association);
    }
    Ok(City {
        regions,
        federations,
        associations,
    })
}

/// Finds what `city` made, for a later copy.
async fn find_city(conn: &mut Conn<'_>) -> ApiResult<City> {
    let missing = || ApiError::internal("the demo city is not loaded");
    let mut city = City {
        regions: Vec::new(),
        federations: Vec::new(),
        associations: Vec::new(),
    };
    for (code, _, _) in REGIONS {
        let region = storage::region_by_code(conn, code)
            .await?
            .ok_or_else(missing)?;
        let federation = storage::organization_by_name(conn, &federation_name(&region))
            .await?
            .ok_or_else(missing)?;
        city.regions.push(region);
        city.federations.push(federation);
    }
    for name in ASSOCIATIONS {
        let association = storage::organization_by_name(conn, name)
            .await?
            .ok_or_else(missing)?;
        city.associations.push(association);
    }
    Ok(city)
}

/// The city's own employers (not a copy's), in the demo's order.
pub async fn city_employers(conn: &mut Conn<'_>) -> ApiResult<Vec<OrganizationRow>> {
    let filter = OrganizationFilter {
        kinds: vec![OrganizationKind::Employer],
        ..OrganizationFilter::default()
    };
    let page = PageRequest {
        size: EMPLOYERS.len(),
        ..PageRequest::default()
    };
    Ok(
        storage::organizations_page(conn, &filter, &OrgVisible::Everything, &page)
            .await?
            .rows,
    )
}

/// The name of employer `name` in copy `copy` of the city (the city's own
/// for copy 0).
fn copy_name(name: &str, copy: usize) -> String {
    match copy {
        0 => name.to_owned(),
        n => format!("{name}（{}）", n + 1),
    }
}

/// Loads the sixty employers of copy `copy`, with their profiles,
/// grassroots unions and association memberships.
async fn employers(
    conn: &mut Conn<'_>,
    now: NaiveDateTime,
    copy: usize,
    city: &City,
) -> ApiResult<Vec<OrganizationRow>> {
    let mut employers = Vec::new();
    for (index, (name, legal, section, division, code, headcount, platform)) in
        EMPLOYERS.iter().enumerate()
    {
        let at = REGIONS
            .iter()
            .position(|r| r.0 == *code)
            .ok_or(ApiError::internal("demo region"))?;
        let region = &city.regions[at];
        let name = copy_name(name, copy);
        let employer = organization(
            conn,
            now,
            OrganizationKind::Employer,
            name.clone(),
            region,
            None,
            None,
        )
        .await?;
        let status = STATUSES
            .iter()
            .find(|(i, _)| *i == index)
            .map_or(OperatingStatus::Operating, |s| s.1);
        let profile = EmployerProfileRow {
            organization_id: employer.id,
            credit_code: credit_code(copy * EMPLOYERS.len() + index, code),
            legal_representative: (*legal).into(),
            industry_section: *section,
            industry_division: (*division).into(),
            headcount: *headcount,
            address: format!(
                "吉林省长春市{}{}{}号",
                region.name,
                STREETS[index % STREETS.len()],
                100 + index * 17
            ),
            operating_status: status,
            is_platform: *platform,
        };
        storage::write_profile(conn, &profile).await?;
        organization(
            conn,
            now,
            OrganizationKind::Union,
            format!("{name}工会委员会"),
            region,
            Some(&city.federations[at]),
            Some(&employer),
        )
        .await?;
        employers.push(employer);
    }
    for (association, members) in city.associations.iter().zip(association_members()) {
        for index in members {
            storage::add_member(conn, association.id, employers[index].id, now).await?;
        }
    }
    Ok(employers)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn demo_credit_codes_are_valid_and_distinct() {
        let codes: Vec<String> = EMPLOYERS
            .iter()
            .enumerate()
            .map(|(i, e)| credit_code(i, e.4))
            .collect();
        for code in &codes {
            assert!(CreditCode::parse(code).is_ok(), "{code}");
        }
        let mut unique = codes.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), EMPLOYERS.len());
    }

    #[test]
    fn demo_employers_fit_their_sections_and_regions() {
        assert_eq!(EMPLOYERS.len(), 60);
        for (name, _, section, division, code, _, _) in EMPLOYERS {
            assert!(
                super::super::rules::check_division(*section, division).is_ok(),
                "{name}"
            );
            assert!(REGIONS.iter().any(|r| r.0 == *code), "{name}");
        }
        assert!(EMPLOYERS.iter().filter(|e| e.6).count() >= 3);
    }
}
