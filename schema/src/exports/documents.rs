//! The documents (Word forms and letters) of one record: each is the record
//! read with `node(id:)` as the one who asked (so it shows only what they may
//! see) and laid out as the form the seeds print.

use serde_json::Value;

use super::docx::{Form, label, value, wide};
use super::kinds::DocumentKind;
use super::sheet::at;
use crate::events::templates::describe_due;
use crate::i18n::{self, Language};

/// How a document reads its record and lays it out.
pub struct Document {
    /// The document's name, and the file's.
    pub title: &'static str,
    /// The GraphQL type of the record it is made from.
    pub record: &'static str,
    /// What it reads of the record.
    pub selection: &'static str,
    /// Lays the record out; `Err` names the part it lacks.
    pub render: fn(&Value) -> Result<Form, &'static str>,
}

impl Document {
    /// The query that reads the record: `$id` as a node.
    pub fn query(&self) -> String {
        format!(
            "query($id: ID!) {{ node(id: $id) {{ __typename ... on {} {{ id {} }} }} }}",
            self.record, self.selection
        )
    }
}

/// The document of `kind`.
pub fn document(kind: DocumentKind) -> &'static Document {
    match kind {
        DocumentKind::OfferLetter => &OFFER_LETTER,
        DocumentKind::OfferResponse => &OFFER_RESPONSE,
        DocumentKind::QuickReport => &QUICK_REPORT,
        DocumentKind::RiskInformationForm => &RISK_INFORMATION_FORM,
        DocumentKind::FilingReceipt => &FILING_RECEIPT,
        DocumentKind::ReviewOpinion => &REVIEW_OPINION,
        DocumentKind::AgreementText => &AGREEMENT_TEXT,
        DocumentKind::CampaignSummary => &CAMPAIGN_SUMMARY,
        DocumentKind::CampaignSummaries => &CAMPAIGN_SUMMARIES,
    }
}

/// The text at `path`; empty when there is none.
fn text(node: &Value, path: &str) -> String {
    match at(node, path) {
        Value::String(text) => text.clone(),
        Value::Number(n) => n.to_string(),
        _ => String::new(),
    }
}

/// The Chinese label of the enum value at `path`.
fn labelled(node: &Value, path: &str, enumeration: &str) -> String {
    let value = text(node, path);
    i18n::label(enumeration, &value, Language::ZhCn)
        .map(str::to_owned)
        .unwrap_or(value)
}

/// The Chinese labels of the enum values at `path`, joined with 、.
fn labels(node: &Value, path: &str, enumeration: &str) -> String {
    let values = at(node, path)
        .as_array()
        .map(Vec::as_slice)
        .unwrap_or_default();
    values
        .iter()
        .filter_map(Value::as_str)
        .map(|v| i18n::label(enumeration, v, Language::ZhCn).unwrap_or(v))
        .collect::<Vec<_>>()
        .join("、")
}

/// The day of the date or instant at `path`, in Beijing: 2026年12月4日.
fn day(node: &Value, path: &str) -> String {
    moment_as(node, path, "%Y年%-m月%-d日")
}

/// The instant at `path` in Beijing time: 2026年12月4日 09:30.
fn moment(node: &Value, path: &str) -> String {
    moment_as(node, path, "%Y年%-m月%-d日 %H:%M")
}

/// The deadline at `path` as the parties' emails word it: in Beijing time,
/// a clock running out at the end of a day as 24:00 of that day.
fn deadline(node: &Value, path: &str) -> String {
    text(node, path)
        .parse()
        .map(|due| describe_due(due, Language::ZhCn))
        .unwrap_or_default()
}

fn moment_as(node: &Value, path: &str, format: &str) -> String {
    let value = text(node, path);
    if let Ok(day) = chrono::NaiveDate::parse_from_str(&value, "%Y-%m-%d") {
        return day.format("%Y年%-m月%-d日").to_string();
    }
    chrono::DateTime::parse_from_rfc3339(&value)
        .map(|instant| {
            instant
                .with_timezone(&chrono_tz::Asia::Shanghai)
                .format(format)
                .to_string()
        })
        .unwrap_or_default()
}

/// `text`, or a blank line to fill in by hand when it is empty.
fn or_blank(text: String) -> String {
    if text.trim().is_empty() {
        "＿＿＿＿＿＿".to_owned()
    } else {
        text
    }
}

/// The other side of `side`.
fn other(side: &str) -> &'static str {
    if side == "WORKERS" {
        "EMPLOYER"
    } else {
        "WORKERS"
    }
}

/// The representatives of `side`, the chief first: 张三（首席代表，工会主席）.
fn representatives(offer: &Value, side: &str) -> Vec<String> {
    let all = offer["representatives"]
        .as_array()
        .map(Vec::as_slice)
        .unwrap_or_default();
    let mut named: Vec<(bool, String)> = all
        .iter()
        .filter(|r| r["side"] == side)
        .map(|r| {
            let chief = r["isChief"].as_bool().unwrap_or(false);
            let mut roles = Vec::new();
            if chief {
                roles.push("首席代表".to_owned());
            }
            if r["isOutsideExpert"].as_bool().unwrap_or(false) {
                roles.push("外聘代表".to_owned());
            }
            let position = text(r, "position");
            if !position.is_empty() {
                roles.push(position);
            }
            let name = text(r, "name");
            let line = if roles.is_empty() {
                name
            } else {
                format!("{name}（{}）", roles.join("，"))
            };
            (chief, line)
        })
        .collect();
    named.sort_by_key(|(chief, _)| !chief);
    named.into_iter().map(|(_, line)| line).collect()
}

/// The record's number in the platform, for the foot of a document.
fn footer(form: Form, node: &Value) -> Form {
    form.line("")
        .small(&format!("系统编号：{}", text(node, "id")))
}

/// The foot of a confirmed text: its number and the digest at `digest`,
/// which the other side confirms.
fn digest_footer(form: Form, node: &Value, digest: &str) -> Form {
    let form = footer(form, node);
    match text(node, digest) {
        digest if digest.is_empty() => form,
        digest => form.small(&format!("文本摘要（SHA-256）：{digest}")),
    }
}

const OFFER: &str = "initiatingSide category topics proposedTerms proposedTime proposedPlace
    proposedRepresentatives informationRequested status issuedAt receivedAt answeredAt
    declineReason declinedWithoutValidReason issuingOrganization { name }
    receivingOrganization { name } employer { name } replyDeadline { dueAt }
    representatives { side name position isChief isOutsideExpert }
    letterDigest { digest } responseDigest { digest }";

const OFFER_LETTER: Document = Document {
    title: "集体协商要约书",
    record: "Offer",
    selection: OFFER,
    render: offer_letter,
};

fn offer_letter(offer: &Value) -> Result<Form, &'static str> {
    let side = text(offer, "initiatingSide");
    let ours = representatives(offer, &side);
    let due = deadline(offer, "replyDeadline.dueAt");
    let mut form = Form::new("集体协商要约书")
        .line(&format!("{}：", text(offer, "receivingOrganization.name")))
        .text(&format!(
            "根据《中华人民共和国劳动合同法》和《集体合同规定》第三十二条，本方现就{}向贵方提出集体协商要约，具体如下：",
            labelled(offer, "category", "OfferCategory")
        ))
        .heading("一、协商事项")
        .text(&or_blank(labels(offer, "topics", "OfferTopic")))
        .heading("二、本方的协商意见和建议")
        .text(&or_blank(text(offer, "proposedTerms")))
        .heading("三、建议协商的时间和地点")
        .text(&format!(
            "时间：{}；地点：{}。",
            or_blank(moment(offer, "proposedTime")),
            or_blank(text(offer, "proposedPlace"))
        ))
        .heading("四、协商代表")
        .text(&format!(
            "双方协商代表各{}人。本方首席代表和其他代表：{}。",
            text(offer, "proposedRepresentatives"),
            or_blank(ours.join("；"))
        ))
        .heading("五、请贵方提供")
        .text(&format!(
            "贵方协商代表名单；{}",
            or_blank(text(offer, "informationRequested"))
        ))
        .text("请贵方自收到本要约书之日起二十日内以书面形式给予回应，无正当理由不得拒绝进行集体协商。");
    if !due.is_empty() {
        form = form.text(&format!("答复期限：{due}。"));
    }
    form = form
        .line("")
        .right(&format!(
            "{}（盖章）",
            text(offer, "issuingOrganization.name")
        ))
        .right(&or_blank(day(offer, "issuedAt")));
    Ok(digest_footer(form, offer, "letterDigest.digest"))
}

const OFFER_RESPONSE: Document = Document {
    title: "集体协商回应书",
    record: "Offer",
    selection: OFFER,
    render: offer_response,
};

fn offer_response(offer: &Value) -> Result<Form, &'static str> {
    if at(offer, "answeredAt").is_null() {
        return Err("The offer has not been answered");
    }
    let theirs = other(at(offer, "initiatingSide").as_str().unwrap_or_default());
    let declined = offer["status"] == "DECLINED";
    let mut form = Form::new("集体协商回应书")
        .line(&format!("{}：", text(offer, "issuingOrganization.name")))
        .text(&format!(
            "贵方于{}发出的集体协商要约书，本方已于{}收悉。经研究，答复如下：",
            or_blank(day(offer, "issuedAt")),
            or_blank(day(offer, "receivedAt"))
        ));
    if declined {
        form = form
            .text("本方不同意进行集体协商。")
            .heading("理由")
            .text(&or_blank(text(offer, "declineReason")));
    } else {
        let ours = representatives(offer, theirs);
        form = form
            .text(&format!(
                "本方同意就{}进行集体协商。",
                or_blank(labels(offer, "topics", "OfferTopic"))
            ))
            .text(&format!("本方协商代表：{}。", or_blank(ours.join("；"))));
    }
    form = form
        .line("")
        .right(&format!(
            "{}（盖章）",
            text(offer, "receivingOrganization.name")
        ))
        .right(&day(offer, "answeredAt"));
    Ok(digest_footer(form, offer, "responseDigest.digest"))
}

const QUICK_REPORT: Document = Document {
    title: "劳动关系风险监测预警用人单位速报表",
    record: "RiskCase",
    selection: "reports { employerName legalRepresentative operatingStatus headcount
        address reporter reporterPhone officeName officePhone items details measures
        reportDate }",
    render: quick_reports,
};

/// 附件3, one page for each report the case holds.
fn quick_reports(case: &Value) -> Result<Form, &'static str> {
    let reports = case["reports"]
        .as_array()
        .map(Vec::as_slice)
        .unwrap_or_default();
    if reports.is_empty() {
        return Err("The risk case has no quick report");
    }
    let mut form: Option<Form> = None;
    for report in reports {
        let title = "劳动关系风险监测预警用人单位速报表";
        let page = match form {
            None => Form::new(title),
            Some(form) => form.new_page().title(title),
        };
        let details = format!(
            "监测事项：{}\n{}",
            labels(report, "items", "MonitoredItem"),
            text(report, "details")
        );
        let measures = format!(
            "{}\n报送时间：{}\n（公章）",
            text(report, "measures"),
            day(report, "reportDate")
        );
        form = Some(page.table(
            &[2, 3, 2, 3],
            vec![
                vec![
                    label("用人单位名称"),
                    value(text(report, "employerName")),
                    label("法定代表人"),
                    value(text(report, "legalRepresentative")),
                ],
                vec![
                    label("经营状况"),
                    value(labelled(report, "operatingStatus", "OperatingStatus")),
                    label("用工人数"),
                    value(text(report, "headcount")),
                ],
                vec![label("用人单位地址"), wide(text(report, "address"), 3)],
                vec![
                    label("报告人"),
                    value(text(report, "reporter")),
                    label("联系电话"),
                    value(text(report, "reporterPhone")),
                ],
                vec![
                    label("接报部门名称"),
                    value(text(report, "officeName")),
                    label("联系电话"),
                    value(text(report, "officePhone")),
                ],
                vec![label("监测事项详情"), wide(details, 3)],
                vec![label("具体应对措施"), wide(measures, 3)],
            ],
        ));
    }
    Ok(footer(form.expect("a report"), case))
}

const RISK_INFORMATION_FORM: Document = Document {
    title: "劳动关系风险监测预警信息情况表",
    record: "RiskCase",
    selection: "office { name region { name kind parent { name kind parent { name kind } } } }
        forms { number title level situation cause trend measures nextSteps remarks
        responsibleHead filledBy phone formDate office { name } }",
    render: information_forms,
};

/// The name of the city the office is in (the seed's form carries it).
fn city(case: &Value) -> String {
    let mut region = &case["office"]["region"];
    while region.is_object() {
        if region["kind"] == "CITY" {
            return text(region, "name");
        }
        region = &region["parent"];
    }
    String::new()
}

/// 附件4, one page for each form the office filled in.
fn information_forms(case: &Value) -> Result<Form, &'static str> {
    let Some(forms) = case["forms"].as_array() else {
        return Err("Only the offices may see a risk case's information forms");
    };
    if forms.is_empty() {
        return Err("No information form has been filled in for the risk case");
    }
    let title = format!("{}劳动关系风险监测预警信息情况表", city(case));
    let mut form: Option<Form> = None;
    for filled in forms {
        let page = match form {
            None => Form::new(&title),
            Some(form) => form.new_page().title(&title),
        };
        let office = match text(filled, "office.name") {
            name if name.is_empty() => text(case, "office.name"),
            name => name,
        };
        form = Some(
            page.line(&format!(
                "报告单位：{office}（盖章）　　填报时间：{}",
                day(filled, "formDate")
            ))
            .table(
                &[3, 7],
                vec![
                    vec![label("项目"), label("内容")],
                    vec![label("信息名称"), value(text(filled, "title"))],
                    vec![
                        label("预警级别"),
                        value(labelled(filled, "level", "WarningLevel")),
                    ],
                    vec![
                        label("基本情况（时间、地点、事情经过及影响）"),
                        value(text(filled, "situation")),
                    ],
                    vec![label("原因分析"), value(text(filled, "cause"))],
                    vec![label("发展趋势"), value(text(filled, "trend"))],
                    vec![label("已采取措施及成效"), value(text(filled, "measures"))],
                    vec![label("下一步工作安排"), value(text(filled, "nextSteps"))],
                    vec![label("备注"), value(text(filled, "remarks"))],
                ],
            )
            .line(&format!(
                "处（室）负责人：{}　　填报人：{}　　联系电话：{}",
                text(filled, "responsibleHead"),
                text(filled, "filledBy"),
                text(filled, "phone")
            )),
        );
    }
    Ok(footer(form.expect("a form"), case))
}

/// What the summary documents read of a summary's figures.
macro_rules! figures_selection {
    () => {
        "{ offers { total { issued answered accepted declined overdue }
        byCategory { category counts { issued answered accepted overdue } } }
    negotiations { concluded byOutcome { key count } }
    agreements { total { signed filed inForce workersCovered }
                 byKind { kind signed filed inForce workersCovered } }
    risk { cases open byItem { key count } byLevel { key count }
           byOutcome { key count } healthChecks
           rectifications { added done verified overdue } }
    layoffs { plans workers completed withdrawn }
    evaluation { year evaluations filed typicalUnits modelUnits titledEmployers
                 evaluated evaluatedWithContract employersCovered workersCovered } }"
    };
}

const CAMPAIGN_SUMMARY: Document = Document {
    title: "专项行动工作总结",
    record: "CampaignSummary",
    selection: concat!(
        "campaign { name startsOn endsOn organizer { name } } office { name }
        region { name } status dueOn submittedAt late
        workDone experience typicalCases problems causes nextSteps figures ",
        figures_selection!()
    ),
    render: campaign_summary,
};

const CAMPAIGN_SUMMARIES: Document = Document {
    title: "专项行动工作总结汇总",
    record: "Campaign",
    selection: concat!(
        "name startsOn endsOn organizer { name } region { name }
        summaries { office { name } region { name } status dueOn submittedAt late }
        summaryTotal ",
        figures_selection!()
    ),
    render: campaign_summaries,
};

/// Rows of (label, count) under a header row.
fn counts(header: [&str; 2], rows: &[(String, String)]) -> Vec<Vec<super::docx::Cell>> {
    let mut table = vec![vec![label(header[0]), label(header[1])]];
    table.extend(
        rows.iter()
            .map(|(name, n)| vec![value(name.clone()), value(n.clone())]),
    );
    table
}

/// The (label, count) of each `{ key count }` at `path`, labelled from `enumeration`.
fn tallied(node: &Value, path: &str, enumeration: &str) -> Vec<(String, String)> {
    at(node, path)
        .as_array()
        .map(Vec::as_slice)
        .unwrap_or_default()
        .iter()
        .map(|t| (labelled(t, "key", enumeration), text(t, "count")))
        .collect()
}

/// The figures of a summary, or of the whole region, as tables.
fn figures(mut form: Form, f: &Value) -> Form {
    let n = |path: &str| text(f, path);
    form = form.table(
        &[7, 3],
        counts(
            ["项目", "数量"],
            &[
                ("发出要约（份）".into(), n("offers.total.issued")),
                ("已书面回应".into(), n("offers.total.answered")),
                ("同意协商".into(), n("offers.total.accepted")),
                ("拒绝协商".into(), n("offers.total.declined")),
                ("逾期未回应".into(), n("offers.total.overdue")),
                ("协商结束".into(), n("negotiations.concluded")),
                ("签订集体合同（协议）".into(), n("agreements.total.signed")),
                ("报送审查".into(), n("agreements.total.filed")),
                ("有效合同".into(), n("agreements.total.inForce")),
                (
                    "有效合同覆盖职工（人）".into(),
                    n("agreements.total.workersCovered"),
                ),
                ("接报风险事项".into(), n("risk.cases")),
                ("尚未结案".into(), n("risk.open")),
                ("劳动关系“体检”（次）".into(), n("risk.healthChecks")),
                ("整改事项".into(), n("risk.rectifications.added")),
                ("已完成整改".into(), n("risk.rectifications.done")),
                ("逾期未整改".into(), n("risk.rectifications.overdue")),
                ("裁员方案".into(), n("layoffs.plans")),
                ("拟裁减人员（人）".into(), n("layoffs.workers")),
                (
                    format!("{}年度质效评价", n("evaluation.year")),
                    n("evaluation.evaluations"),
                ),
                ("选树典型".into(), n("evaluation.typicalUnits")),
                ("示范单位".into(), n("evaluation.modelUnits")),
                ("市级以上和谐企业".into(), n("evaluation.titledEmployers")),
                ("其中已评价".into(), n("evaluation.evaluated")),
            ],
        ),
    );
    let categories: Vec<(String, String)> = at(f, "offers.byCategory")
        .as_array()
        .map(Vec::as_slice)
        .unwrap_or_default()
        .iter()
        .map(|c| {
            (
                labelled(c, "category", "OfferCategory"),
                format!(
                    "发出{}，回应{}，同意{}，逾期{}",
                    text(c, "counts.issued"),
                    text(c, "counts.answered"),
                    text(c, "counts.accepted"),
                    text(c, "counts.overdue")
                ),
            )
        })
        .collect();
    if !categories.is_empty() {
        form = form
            .line("要约按类别：")
            .table(&[4, 6], counts(["类别", "要约"], &categories));
    }
    let items = tallied(f, "risk.byItem", "MonitoredItem");
    if !items.is_empty() {
        form = form
            .line("风险按监测事项：")
            .table(&[7, 3], counts(["监测事项", "件数"], &items));
    }
    form
}

/// The period a campaign's figures count: 2026年3月1日至2026年12月31日.
fn period(campaign: &Value) -> String {
    format!("{}至{}", day(campaign, "startsOn"), day(campaign, "endsOn"))
}

fn campaign_summary(summary: &Value) -> Result<Form, &'static str> {
    let region = text(summary, "region.name");
    let campaign = &summary["campaign"];
    let mut form = Form::new(&format!("{region}{}工作总结", text(campaign, "name")))
        .line(&format!("{}：", text(campaign, "organizer.name")))
        .text(&format!(
            "现将{region}{}开展情况报告如下。以下数据由平台按本辖区统计，统计期间为{}{}。",
            text(campaign, "name"),
            period(campaign),
            match text(summary, "status").as_str() {
                "SUBMITTED" => format!("，截至{}报送时", moment(summary, "submittedAt")),
                _ => "，截至导出时（草稿）".to_owned(),
            }
        ))
        .heading("一、主要数据");
    form = figures(form, &summary["figures"]);
    for (heading, field) in [
        ("二、开展情况", "workDone"),
        ("三、经验做法", "experience"),
        ("四、典型案例", "typicalCases"),
        ("五、存在问题", "problems"),
        ("六、原因分析", "causes"),
        ("七、下一步工作", "nextSteps"),
    ] {
        form = form.heading(heading);
        for paragraph in text(summary, field)
            .lines()
            .filter(|l| !l.trim().is_empty())
        {
            form = form.text(paragraph.trim());
        }
    }
    form = form
        .line("")
        .right(&format!("{}（盖章）", text(summary, "office.name")))
        .right(&or_blank(day(summary, "submittedAt")));
    Ok(footer(form, summary))
}

/// The office running a campaign's account of its districts' summaries:
/// who sent theirs when, and the figures of the whole region.
fn campaign_summaries(campaign: &Value) -> Result<Form, &'static str> {
    if campaign["summaryTotal"].is_null() {
        return Err("Only the offices over the campaign's whole region see its total");
    }
    let summaries = campaign["summaries"]
        .as_array()
        .map(Vec::as_slice)
        .unwrap_or_default();
    let sent = summaries
        .iter()
        .filter(|s| s["status"] == "SUBMITTED")
        .count();
    let late = summaries.iter().filter(|s| s["late"] == true).count();
    let mut rows = vec![vec![
        label("区域"),
        label("状态"),
        label("报送期限"),
        label("报送时间"),
    ]];
    for summary in summaries {
        let when = match (day(summary, "submittedAt"), summary["late"] == true) {
            (at, true) => format!("{at}（逾期）"),
            (at, false) => at,
        };
        rows.push(vec![
            value(text(summary, "region.name")),
            value(labelled(summary, "status", "SummaryStatus")),
            value(day(summary, "dueOn")),
            value(when),
        ]);
    }
    let form = Form::new(&format!("{}工作总结汇总", text(campaign, "name")))
        .text(&format!(
            "{}共{}个区县（开发区）三方办公室应报送工作总结，已报送{}个，其中逾期{}个。以下数据由平台按{}统计，统计期间为{}，截至导出时。",
            text(campaign, "name"),
            summaries.len(),
            sent,
            late,
            text(campaign, "region.name"),
            period(campaign)
        ))
        .heading("一、报送情况")
        .table(&[3, 2, 5, 5], rows)
        .heading("二、全市主要数据");
    let form = figures(form, &campaign["summaryTotal"])
        .line("")
        .right(&format!("{}（盖章）", text(campaign, "organizer.name")));
    Ok(footer(form, campaign))
}

const AGREEMENT: &str = "kind specialSubject title status textVersion workersCovered
    termStartsOn termEndsOn signedAt effectiveAt workersParty { name } employerParty { name }
    employers { name } clauses { key topic heading text }
    workersSignature { name signedAt } employerSignature { name signedAt }
    reviewDeadline { dueAt } textDigest { digest }
    filings { reviewer { name } filedAt receiptNumber filedLate lateExplanation outcome
        opinion decidedAt }";

const FILING_RECEIPT: Document = Document {
    title: "集体合同受理回执",
    record: "Agreement",
    selection: AGREEMENT,
    render: filing_receipt,
};

/// The agreement's filings, oldest first.
fn filings(agreement: &Value) -> Vec<&Value> {
    let mut filings: Vec<&Value> = agreement["filings"]
        .as_array()
        .map(|f| f.iter().collect())
        .unwrap_or_default();
    filings.sort_by_key(|f| text(f, "filedAt"));
    filings
}

fn filing_receipt(agreement: &Value) -> Result<Form, &'static str> {
    let Some(filing) = filings(agreement).pop() else {
        return Err("The agreement has not been filed");
    };
    let mut form = Form::new("集体合同受理回执")
        .right(&format!("受理编号：{}", text(filing, "receiptNumber")))
        .line(&format!("{}：", text(agreement, "employerParty.name")))
        .text(&format!(
            "你单位于{}报送的《{}》（{}）已收悉，予以受理。",
            moment(filing, "filedAt"),
            text(agreement, "title"),
            labelled(agreement, "kind", "AgreementKind")
        ))
        .table(
            &[3, 7],
            vec![
                vec![label("职工方"), value(text(agreement, "workersParty.name"))],
                vec![
                    label("企业方"),
                    value(text(agreement, "employerParty.name")),
                ],
                vec![label("适用企业"), value(names(agreement, "employers"))],
                vec![
                    label("覆盖职工人数"),
                    value(text(agreement, "workersCovered")),
                ],
                vec![
                    label("期限"),
                    value(format!(
                        "{}至{}",
                        day(agreement, "termStartsOn"),
                        day(agreement, "termEndsOn")
                    )),
                ],
                vec![label("签字时间"), value(moment(agreement, "signedAt"))],
                vec![label("报送时间"), value(moment(filing, "filedAt"))],
            ],
        );
    if filing["filedLate"].as_bool().unwrap_or(false) {
        form = form.text(&format!(
            "本合同未在双方签字后规定期限内报送。逾期说明：{}",
            or_blank(text(filing, "lateExplanation"))
        ));
    }
    form = form.text(
        "劳动保障行政部门自收到之日起十五日内未提出异议的，集体合同即行生效（《集体合同规定》第四十七条）。",
    );
    let due = deadline(agreement, "reviewDeadline.dueAt");
    if !due.is_empty() && filing["outcome"] == "PENDING" {
        form = form.text(&format!("审查期限：{due}。"));
    }
    form = form
        .line("")
        .right(&format!("{}（盖章）", text(filing, "reviewer.name")))
        .right(&day(filing, "filedAt"));
    Ok(footer(form, agreement))
}

/// The names of the objects at `path`, joined with 、.
fn names(node: &Value, path: &str) -> String {
    let items = at(node, path)
        .as_array()
        .map(Vec::as_slice)
        .unwrap_or_default();
    items
        .iter()
        .map(|item| text(item, "name"))
        .collect::<Vec<_>>()
        .join("、")
}

const REVIEW_OPINION: Document = Document {
    title: "审查意见书",
    record: "Agreement",
    selection: AGREEMENT,
    render: review_opinion,
};

fn review_opinion(agreement: &Value) -> Result<Form, &'static str> {
    let Some(filing) = filings(agreement)
        .into_iter()
        .rfind(|f| f["outcome"] == "OBJECTED")
    else {
        return Err("The agreement's review raised no objection");
    };
    let form = Form::new("集体合同审查意见书")
        .right(&format!("受理编号：{}", text(filing, "receiptNumber")))
        .line(&format!(
            "{}、{}：",
            text(agreement, "workersParty.name"),
            text(agreement, "employerParty.name")
        ))
        .text(&format!(
            "你们于{}报送的《{}》，经依法审查，提出如下意见：",
            moment(filing, "filedAt"),
            text(agreement, "title")
        ))
        .text(&or_blank(text(filing, "opinion")))
        .text(
            "请双方依照《集体合同规定》第四十六条，就上述意见经集体协商重新签订集体合同，并重新报送审查。",
        )
        .line("")
        .right(&format!("{}（盖章）", text(filing, "reviewer.name")))
        .right(&day(filing, "decidedAt"));
    Ok(footer(form, agreement))
}

const AGREEMENT_TEXT: Document = Document {
    title: "合同文本",
    record: "Agreement",
    selection: AGREEMENT,
    render: agreement_text,
};

/// 第一条, 第十二条, … as Chinese numerals.
fn article(n: usize) -> String {
    const DIGITS: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    let number = match n {
        0..=9 => DIGITS[n].to_owned(),
        10..=19 => format!("十{}", if n == 10 { "" } else { DIGITS[n % 10] }),
        20..=99 => format!(
            "{}十{}",
            DIGITS[n / 10],
            if n.is_multiple_of(10) {
                ""
            } else {
                DIGITS[n % 10]
            }
        ),
        _ => n.to_string(),
    };
    format!("第{number}条")
}

/// A clause's heading under its article number, unless it carries one
/// (第三条 工作时间).
fn numbered(n: usize, heading: &str) -> String {
    let carries = heading.starts_with('第') && heading.chars().take(8).any(|c| c == '条');
    if carries {
        heading.to_owned()
    } else {
        format!("{}　{heading}", article(n))
    }
}

fn agreement_text(agreement: &Value) -> Result<Form, &'static str> {
    let clauses = agreement["clauses"]
        .as_array()
        .map(Vec::as_slice)
        .unwrap_or_default();
    let mut form = Form::new(&text(agreement, "title"))
        .line(&format!("职工方：{}", text(agreement, "workersParty.name")))
        .line(&format!(
            "企业方：{}",
            text(agreement, "employerParty.name")
        ))
        .line(&format!(
            "种类：{}　　文本版本：第{}版",
            labelled(agreement, "kind", "AgreementKind"),
            text(agreement, "textVersion")
        ));
    if !at(agreement, "termStartsOn").is_null() {
        form = form.line(&format!(
            "期限：{}至{}",
            day(agreement, "termStartsOn"),
            day(agreement, "termEndsOn")
        ));
    }
    form = form.line("");
    for (n, clause) in clauses.iter().enumerate() {
        form = form
            .heading(&numbered(n + 1, &text(clause, "heading")))
            .text(&text(clause, "text"));
    }
    let signed = |side: &str| {
        let name = text(agreement, &format!("{side}.name"));
        if name.is_empty() {
            "＿＿＿＿＿＿（签字）".to_owned()
        } else {
            format!(
                "{name}（{}签字）",
                day(agreement, &format!("{side}.signedAt"))
            )
        }
    };
    form = form
        .line("")
        .line(&format!("职工方首席代表：{}", signed("workersSignature")))
        .line(&format!("企业方首席代表：{}", signed("employerSignature")));
    Ok(digest_footer(form, agreement, "textDigest.digest"))
}

#[cfg(test)]
mod tests {
    use std::io::Read;

    use super::*;

    /// The text of `word/document.xml` of `form` written to a file.
    fn document_xml(form: Form) -> String {
        let file = tempfile::NamedTempFile::new().unwrap();
        form.save(file.path()).unwrap();
        let mut zip = zip::ZipArchive::new(std::fs::File::open(file.path()).unwrap()).unwrap();
        let mut xml = String::new();
        zip.by_name("word/document.xml")
            .unwrap()
            .read_to_string(&mut xml)
            .unwrap();
        assert!(zip.by_name("[Content_Types].xml").is_ok());
        xml
    }

    #[test]
    fn an_offer_letter_carries_the_offer_on_a4_in_chinese_fonts() {
        let offer = serde_json::json!({
            "id": "T2ZmZXI6MQ", "initiatingSide": "WORKERS", "category": "SKILL_LEVEL_WAGE",
            "topics": ["PAY", "WORKING_HOURS"], "proposedTerms": "年度工资增长5%",
            "proposedTime": "2026-12-10T01:30:00Z", "proposedPlace": "公司三楼会议室",
            "proposedRepresentatives": 3, "informationRequested": "上年度经营和工资情况",
            "issuedAt": "2026-11-30T17:30:00Z",
            "issuingOrganization": { "name": "甲公司工会" },
            "receivingOrganization": { "name": "甲公司" },
            "replyDeadline": { "dueAt": "2026-12-21T16:00:00Z" },
            "representatives": [
                { "side": "WORKERS", "name": "张三", "position": "工会主席", "isChief": true, "isOutsideExpert": false },
                { "side": "EMPLOYER", "name": "王五", "position": "厂长", "isChief": true, "isOutsideExpert": false },
            ],
        });
        let xml = document_xml(offer_letter(&offer).unwrap());
        for wanted in [
            "集体协商要约书",
            "甲公司：",
            "劳动报酬、工作时间",
            "年度工资增长5%",
            "2026年12月10日 09:30",
            "公司三楼会议室",
            "双方协商代表各3人。本方首席代表和其他代表：张三（首席代表，工会主席）。",
            "上年度经营和工资情况",
            "答复期限：2026年12月21日24:00（北京时间）。",
            "甲公司工会（盖章）",
            "2026年12月1日",
            "系统编号：T2ZmZXI6MQ",
            r#"w:eastAsia="仿宋""#,
            r#"w:eastAsia="宋体""#,
            r#"<w:pgSz w:w="11906" w:h="16838""#,
        ] {
            assert!(xml.contains(wanted), "{wanted} is missing from {xml}");
        }
        assert!(
            !xml.contains("王五"),
            "the other side's representatives are not ours"
        );
    }

    #[test]
    fn an_information_form_is_the_seeds_table_under_the_citys_name() {
        let case = serde_json::json!({
            "id": "UmlzazoxMA",
            "office": { "name": "朝阳区三方办", "region": { "name": "朝阳区", "kind": "DISTRICT",
                "parent": { "name": "长春市", "kind": "CITY", "parent": null } } },
            "forms": [{ "number": 1, "title": "某公司拖欠工资", "level": "LEVEL_2",
                "situation": "11月起拖欠", "cause": "资金链断裂", "trend": "可能扩大",
                "measures": "约谈", "nextSteps": "跟踪", "remarks": "", "responsibleHead": "赵处长",
                "filledBy": "钱科员", "phone": "0431-1234", "formDate": "2026-12-02",
                "office": { "name": "朝阳区三方办" } }],
        });
        let xml = document_xml(information_forms(&case).unwrap());
        for wanted in [
            "长春市劳动关系风险监测预警信息情况表",
            "报告单位：朝阳区三方办（盖章）　　填报时间：2026年12月2日",
            "基本情况（时间、地点、事情经过及影响）",
            "11月起拖欠",
            "资金链断裂",
            "处（室）负责人：赵处长　　填报人：钱科员　　联系电话：0431-1234",
            "<w:tbl>",
        ] {
            assert!(xml.contains(wanted), "{wanted} is missing from {xml}");
        }
        let hidden = serde_json::json!({ "id": "x", "forms": null });
        assert_eq!(
            information_forms(&hidden).err(),
            Some("Only the offices may see a risk case's information forms")
        );
    }

    #[test]
    fn articles_are_numbered_in_chinese() {
        assert_eq!(article(1), "第一条");
        assert_eq!(article(10), "第十条");
        assert_eq!(article(12), "第十二条");
        assert_eq!(article(20), "第二十条");
        assert_eq!(article(35), "第三十五条");
        assert_eq!(numbered(3, "工作时间"), "第三条　工作时间");
        assert_eq!(numbered(3, "第三条 工作时间"), "第三条 工作时间");
    }

    #[test]
    fn days_and_moments_are_in_beijing() {
        let node = serde_json::json!({ "at": "2026-11-30T17:30:00Z", "on": "2026-12-04" });
        assert_eq!(day(&node, "at"), "2026年12月1日");
        assert_eq!(moment(&node, "at"), "2026年12月1日 01:30");
        assert_eq!(day(&node, "on"), "2026年12月4日");
        assert_eq!(day(&node, "missing"), "");
    }

    #[test]
    fn a_response_needs_an_answer_and_a_receipt_a_filing() {
        let offer = serde_json::json!({ "id": "x", "initiatingSide": "WORKERS" });
        assert_eq!(
            offer_response(&offer).err(),
            Some("The offer has not been answered")
        );
        let agreement = serde_json::json!({ "id": "y", "filings": [] });
        assert_eq!(
            filing_receipt(&agreement).err(),
            Some("The agreement has not been filed")
        );
        let filed = serde_json::json!({ "id": "y", "filings": [
            { "filedAt": "2026-01-01T00:00:00Z", "outcome": "NO_OBJECTION" } ] });
        assert_eq!(
            review_opinion(&filed).err(),
            Some("The agreement's review raised no objection")
        );
    }

    #[test]
    fn the_chief_comes_first_among_a_sides_representatives() {
        let offer = serde_json::json!({ "representatives": [
            { "side": "WORKERS", "name": "李四", "position": "", "isChief": false, "isOutsideExpert": true },
            { "side": "EMPLOYER", "name": "王五", "position": "厂长", "isChief": true, "isOutsideExpert": false },
            { "side": "WORKERS", "name": "张三", "position": "工会主席", "isChief": true, "isOutsideExpert": false },
        ] });
        assert_eq!(
            representatives(&offer, "WORKERS"),
            ["张三（首席代表，工会主席）", "李四（外聘代表）"]
        );
    }
}
