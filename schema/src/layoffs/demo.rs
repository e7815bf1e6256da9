//! Demo layoff plans, for the city itself (copies add none): one in every
//! state; one below the Art. 41 threshold, recorded and carried out without
//! the procedure; one whose union pointed out a nursing mother on the list
//! (Art. 42 (四)) and whose next version took her off; one reported and
//! being carried out, with re-employment services and a hiring whose
//! laid-off workers were told first. Each plan is taken through its steps
//! by the changes the API runs, at the instants the steps took place: the
//! audit trail keeps them, nobody is told. An explained plan opens (or
//! joins) its risk case on item 6 as it does live; the district office
//! files the case's form within hours and followed it up yesterday, its
//! next look due in 20 days. Every clock left open is due at least fifteen
//! days ahead, so no reminder falls in the first week.

use crate::graphql::date::Date;
use async_graphql::ID;
use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime};

use super::kinds::{ContractKind, ExplainedTo, JobCategory, LayoffGround, ServiceKind, Sex};
use super::mutations::{
    AcknowledgeLayoffReportInput, AnswerLayoffOpinionInput, ExplainLayoffPlanInput,
    GiveLayoffOpinionInput, LayoffPostInput, LayoffTermsInput, LayoffWorkerInput,
    RecordLayoffHiringInput, RecordLayoffTerminationInput, RecordReemploymentServiceInput,
    RehireNoticeInput, ReportLayoffPlanInput, ReviseLayoffPlanInput, WithdrawLayoffPlanInput,
    check_character, draw_up, version,
};
use super::rules::earliest_termination;
use super::storage::{self, PlanRow};
use super::transitions::Elapsed;
use crate::change::{Change, Env, Record, settle};
use crate::db::Conn;
use crate::deadlines::calendar::Calendar;
use crate::deadlines::kinds::DeadlineKind;
use crate::deadlines::rules::{DeadlineStatus, ReminderOffsets};
use crate::deadlines::storage::{self as deadlines, load_calendar};
use crate::demo::Batch;
use crate::graphql::errors::{ApiError, ApiResult, TxError, UserErrors};
use crate::graphql::ids::{NodeType, encode};
use crate::identity::authorization::Acting;
use crate::organizations::places::labour_administrations_above;
use crate::organizations::storage::OrganizationRow;
use crate::risk::kinds::{MonitoredItem, RiskStatus};
use crate::risk::mutations::cases::{AddRiskFollowUpInput, FileRiskFormInput};
use crate::risk::storage as risk;

const SURNAMES: [&str; 20] = [
    "王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "胡", "朱", "高", "林",
    "何", "郭", "马", "罗",
];

/// Given names, a man's then a woman's.
const GIVEN: [&str; 24] = [
    "建华", "秀英", "志刚", "丽娟", "海涛", "春梅", "国强", "晓燕", "立新", "玉兰", "永军", "桂芝",
    "宏伟", "淑华", "振东", "红霞", "德明", "雪梅", "俊杰", "艳丽", "长青", "文静", "宝山", "慧敏",
];

/// Where the demo's workers were born (the first six digits of their
/// identity numbers).
const BIRTHPLACES: [&str; 6] = ["220102", "220104", "220105", "220122", "220182", "220183"];

/// A resident identity number: the seventeen digits and their check
/// character.
fn with_check(seventeen: &str) -> String {
    let check = check_character(seventeen.as_bytes()).map_or('0', char::from);
    format!("{seventeen}{check}")
}

/// The `i`-th demo worker of a plan seeded `seed`, on `post`: born 1978 to
/// 1995, in service since 2012 or later (so no one reaches the 15 years of
/// Art. 42 (五)), on a fixed-term contract, protected by nothing.
fn worker(seed: usize, i: usize, post: &str) -> LayoffWorkerInput {
    let given = (i * 5 + seed) % GIVEN.len();
    let sex = if given.is_multiple_of(2) {
        Sex::Male
    } else {
        Sex::Female
    };
    let year = 1978 + ((i * 7 + seed) % 18) as i32;
    let birth = NaiveDate::from_ymd_opt(year, 1 + (i * 5 % 12) as u32, 1 + (i * 11 % 28) as u32)
        .unwrap_or_default();
    // The sequence's last digit is odd for a man, even for a woman.
    let sequence = (i * 2 + seed * 40) % 1000 + usize::from(sex == Sex::Male);
    let number = with_check(&format!(
        "{}{}{:03}",
        BIRTHPLACES[(i + seed) % BIRTHPLACES.len()],
        birth.format("%Y%m%d"),
        sequence % 1000
    ));
    LayoffWorkerInput {
        name: format!(
            "{}{}",
            SURNAMES[(i * 3 + seed) % SURNAMES.len()],
            GIVEN[given]
        ),
        id_number: number,
        post: post.into(),
        sex,
        job_category: JobCategory::Worker,
        birth_date: Date(birth),
        service_start: Date(
            NaiveDate::from_ymd_opt(2012 + ((i * 3 + seed) % 12) as i32, 3, 1).unwrap_or_default(),
        ),
        contract: ContractKind::FixedTerm,
        long_fixed_term: false,
        sole_earner: false,
        hazard_unchecked: false,
        disease_or_injury: false,
        medical_treatment: false,
        maternity: false,
        other_by_law: None,
        monthly_wage: format!("{}.00", 4200 + (i % 8) * 300),
    }
}

fn crew(seed: usize, count: usize, post: &str) -> Vec<LayoffWorkerInput> {
    (0..count).map(|i| worker(seed, i, post)).collect()
}

/// The terms of a version: `workers` cut of `workforce`, terminated from
/// `first` over a month.
fn terms(workforce: i32, workers: Vec<LayoffWorkerInput>, first: NaiveDate) -> LayoffTermsInput {
    LayoffTermsInput {
        workforce,
        cut: workers.len() as i32,
        first_termination: Date(first),
        last_termination: Date(first + Duration::days(30)),
        steps: "经职工代表大会讨论后分两批解除劳动合同，每批间隔不少于十五日。".into(),
        compensation: "按《劳动合同法》第四十七条支付经济补偿，当日结清工资，为职工办理档案和社会保险关系转移手续。".into(),
        criteria: "以撤并岗位为范围，综合考虑工龄、技能等级和考核结果，优先留用依法享有优先留用权的职工。".into(),
        workers,
        posts: Vec::new(),
    }
}

/// The severance the employer paid a worker in the demo: a month's wage per
/// started year of service (no region has rates set, so the calculator
/// reports "not set" beside it).
fn paid(worker: &LayoffWorkerInput, last_day: NaiveDate) -> String {
    let years = last_day.year() - worker.service_start.year() + 1;
    let wage: i64 = worker
        .monthly_wage
        .trim_end_matches(".00")
        .parse()
        .unwrap_or(0);
    format!("{}.00", wage * i64::from(years))
}

fn acting(organization: i64) -> Acting {
    Acting {
        user_id: None,
        organization_id: Some(organization),
    }
}

/// Takes the demo's plans through their steps.
struct Steps<'c, 'd> {
    conn: &'c mut Conn<'d>,
    now: NaiveDateTime,
    reminders: ReminderOffsets,
    calendar: Calendar,
}

impl Steps<'_, '_> {
    fn ago(&self, days: i64) -> NaiveDateTime {
        self.now - Duration::days(days)
    }

    /// The first day a plan explained `days` ago may terminate anyone.
    fn earliest(&self, days: i64) -> NaiveDate {
        earliest_termination(self.ago(days).and_utc(), &self.calendar)
    }

    /// `employer` draws up a plan `days` ago.
    async fn draft(
        &mut self,
        employer: &OrganizationRow,
        ground: LayoffGround,
        terms: LayoffTermsInput,
        days: i64,
    ) -> ApiResult<PlanRow> {
        let at = self.ago(days);
        let mut errors = UserErrors::default();
        let parsed = version(&mut errors, &terms, None, at, None);
        let Some(parsed) = parsed.filter(|_| errors.is_empty()) else {
            return Err(TxError::Rejected(errors.into_vec()).into_api());
        };
        let env = Env {
            quiet: true,
            ..Env::at(at, &self.reminders, "draftLayoffPlan")
        };
        draw_up(
            self.conn,
            employer,
            ground,
            parsed,
            acting(employer.id),
            &env,
        )
        .await
        .map_err(TxError::into_api)
    }

    /// `by` makes `change` to `record` `days` ago.
    async fn step<R: Record, C: Change<R>>(
        &mut self,
        record: R,
        by: i64,
        days: i64,
        operation: &str,
        change: C,
    ) -> ApiResult<R> {
        self.step_at(record, acting(by), self.ago(days), operation, change)
            .await
    }

    /// `by` makes `change` to `record` at `at`, quietly.
    async fn step_at<R: Record, C: Change<R>>(
        &mut self,
        record: R,
        by: Acting,
        at: NaiveDateTime,
        operation: &str,
        change: C,
    ) -> ApiResult<R> {
        let env = Env {
            quiet: true,
            ..Env::at(at, &self.reminders, operation)
        };
        settle(self.conn, record, &change, by, &env)
            .await
            .map_err(TxError::into_api)
    }

    /// The plan is explained to the union `days` ago; the district office
    /// files the form of the risk case it opened, four hours later.
    async fn explain(&mut self, plan: PlanRow, days: i64, explanation: &str) -> ApiResult<PlanRow> {
        let employer = plan.employer_id;
        let input = ExplainLayoffPlanInput {
            plan_id: id(&plan),
            explained_at: self.ago(days).and_utc(),
            explained_to: ExplainedTo::Union,
            explanation: explanation.into(),
        };
        let plan = self
            .step(plan, employer, days, "explainLayoffPlan", input)
            .await?;
        let case = risk::open_case_with(self.conn, employer, &[MonitoredItem::Layoff]).await?;
        if let Some(case) = case.filter(|c| c.status == RiskStatus::Reported) {
            let office = case.office_id;
            let form = FileRiskFormInput {
                risk_case_id: encode(NodeType::RiskCase, case.id),
                title: format!("经济性裁员：拟裁减{}人", plan.cut),
                level: None,
                situation: explanation.into(),
                cause: "生产经营发生变化，需裁减人员。".into(),
                trend: "企业已向工会说明情况，职工情绪总体稳定。".into(),
                measures: "指导企业依法履行裁减人员程序，督促听取工会意见。".into(),
                next_steps: "跟踪方案报告和实施情况，协调再就业服务。".into(),
                remarks: None,
                responsible_head: "刘主任".into(),
                filled_by: "王科员".into(),
                phone: "0431-88000000".into(),
                form_date: None,
            };
            let at = self.ago(days) + Duration::hours(4);
            let case = self
                .step_at(case, acting(office), at, "fileRiskForm", form)
                .await?;
            let follow_up = AddRiskFollowUpInput {
                risk_case_id: encode(NodeType::RiskCase, case.id),
                done: "电话了解裁减人员方案进展，提醒企业依法听取工会意见、向劳动行政部门报告。"
                    .into(),
                next_step: "跟踪方案报告和实施情况，协调再就业服务。".into(),
                next_at: Some((self.now + Duration::days(20)).and_utc()),
                happened_at: None,
                referred_to: None,
            };
            self.step(case, office, 1, "addRiskFollowUp", follow_up)
                .await?;
        }
        Ok(plan)
    }

    /// The union gives its opinion `days` ago.
    async fn opinion(&mut self, plan: PlanRow, days: i64, opinion: &str) -> ApiResult<PlanRow> {
        let union = plan.union_id.unwrap_or(plan.employer_id);
        let input = GiveLayoffOpinionInput {
            plan_id: id(&plan),
            opinion: opinion.into(),
        };
        self.step(plan, union, days, "giveLayoffOpinion", input)
            .await
    }

    /// The employer answers in writing `days` ago.
    async fn answer(&mut self, plan: PlanRow, days: i64, answer: &str) -> ApiResult<PlanRow> {
        let input = AnswerLayoffOpinionInput {
            plan_id: id(&plan),
            answer: answer.into(),
        };
        let employer = plan.employer_id;
        self.step(plan, employer, days, "answerLayoffOpinion", input)
            .await
    }

    /// The employer reports the plan `days` ago.
    async fn report(&mut self, plan: PlanRow, days: i64) -> ApiResult<PlanRow> {
        let input = ReportLayoffPlanInput { plan_id: id(&plan) };
        let employer = plan.employer_id;
        self.step(plan, employer, days, "reportLayoffPlan", input)
            .await
    }

    /// The labour administration acknowledges the report `days` ago.
    async fn acknowledge(
        &mut self,
        plan: PlanRow,
        days: i64,
        opinion: Option<&str>,
    ) -> ApiResult<PlanRow> {
        let administration = plan.reported_to_id.unwrap_or(plan.employer_id);
        let input = AcknowledgeLayoffReportInput {
            plan_id: id(&plan),
            opinion: opinion.map(Into::into),
        };
        self.step(plan, administration, days, "acknowledgeLayoffReport", input)
            .await
    }

    /// The 30 days run out, as the scheduler would have found the day after.
    async fn elapse(&mut self, plan: PlanRow) -> ApiResult<PlanRow> {
        let due = plan.earliest_termination.unwrap_or(self.now.date());
        let at = self.ago((self.now.date() - due).num_days() - 1);
        let plan = self
            .step_at(plan, Acting::SYSTEM, at, "layoffNoticeElapsed", Elapsed)
            .await?;
        let subject = (NodeType::LayoffPlan, plan.id);
        deadlines::close_open(
            self.conn,
            subject,
            DeadlineKind::LayoffNotice,
            DeadlineStatus::Met,
            at,
        )
        .await?;
        Ok(plan)
    }

    /// The employer records the terminations of `rows` (from 1) on
    /// `last_day`, the day after.
    async fn terminate(
        &mut self,
        mut plan: PlanRow,
        list: &[LayoffWorkerInput],
        rows: std::ops::RangeInclusive<usize>,
        last_day: NaiveDate,
    ) -> ApiResult<PlanRow> {
        let days = (self.now.date() - last_day).num_days() - 1;
        for row in rows {
            let input = RecordLayoffTerminationInput {
                plan_id: id(&plan),
                row: row as i32,
                last_day: Date(last_day),
                severance_paid: paid(&list[row - 1], last_day),
                override_reason: None,
                certificate_issued_on: Date(last_day),
            };
            let employer = plan.employer_id;
            plan = self
                .step(plan, employer, days, "recordLayoffTermination", input)
                .await?;
        }
        Ok(plan)
    }

    /// A re-employment service held `days` ago, recorded by the union.
    async fn service(
        &mut self,
        plan: PlanRow,
        days: i64,
        kind: ServiceKind,
        provider: &str,
        participants: i32,
        outcome: &str,
    ) -> ApiResult<PlanRow> {
        let input = RecordReemploymentServiceInput {
            plan_id: id(&plan),
            kind,
            provider: provider.into(),
            held_on: Date(self.ago(days).date()),
            participants,
            outcome: outcome.into(),
        };
        let union = plan.union_id.unwrap_or(plan.employer_id);
        self.step(plan, union, days, "recordReemploymentService", input)
            .await
    }
}

fn id(plan: &PlanRow) -> ID {
    encode(NodeType::LayoffPlan, plan.id)
}

/// Loads the demo's layoff plans for the city itself.
pub async fn load(conn: &mut Conn<'_>, now: NaiveDateTime, batch: &mut Batch) -> ApiResult<()> {
    if !batch.is_city() {
        return Ok(());
    }
    let employers = batch.employers(conn).await?;
    let employer = |index: usize| {
        employers
            .get(index)
            .cloned()
            .ok_or_else(|| ApiError::internal("a demo employer is missing"))
    };
    let calendar = load_calendar(conn).await?;
    let mut steps = Steps {
        conn,
        now,
        reminders: ReminderOffsets::default(),
        calendar,
    };

    // A draft, the employer's alone.
    let food = employer(5)?;
    let first = steps.ago(-60).date();
    steps
        .draft(
            &food,
            LayoffGround::BusinessChange,
            terms(380, crew(5, 40, "包装工"), first),
            2,
        )
        .await?;

    // Explained to the union three days ago: it joins the risk case the
    // cooperative reported on item 6.
    let farm = employer(16)?;
    let first = steps.earliest(3);
    let plan = steps
        .draft(
            &farm,
            LayoffGround::CircumstancesChanged,
            terms(45, crew(16, 5, "农机手"), first),
            6,
        )
        .await?;
    steps
        .explain(
            plan,
            3,
            "土地流转合同到期，种植面积减少一半，农机作业岗位相应减少。",
        )
        .await?;

    // The union's opinion two days ago; the district gives 20 days for
    // the written answer.
    let textile = employer(13)?;
    let administration = labour_administrations_above(steps.conn, textile.region_id)
        .await
        .map_err(TxError::into_api)?
        .pop()
        .ok_or_else(|| ApiError::internal("no labour administration over a demo employer"))?;
    storage::set_answer_days(
        steps.conn,
        textile.region_id,
        Some(20),
        administration.id,
        steps.ago(30),
    )
    .await?;
    let first = steps.earliest(10);
    let plan = steps
        .draft(
            &textile,
            LayoffGround::SeriousDifficulty,
            terms(420, crew(13, 45, "缝纫工"), first),
            12,
        )
        .await?;
    let plan = steps
        .explain(
            plan,
            10,
            "出口订单连续三个季度下降，2026年前三季度亏损1260万元，两条生产线停产。",
        )
        .await?;
    steps
        .opinion(
            plan,
            2,
            "工会同意裁减方案，建议优先安排被裁减职工参加市公共就业服务中心的技能培训。",
        )
        .await?;

    // A nursing mother on the list: the union pointed her out, the next
    // version took her off, and the employer answered.
    let building = employer(11)?;
    let first = steps.earliest(12);
    let mut list = crew(11, 21, "窑炉操作工");
    list[2].contract = ContractKind::OpenEnded;
    list[7].name = "孙丽娜".into();
    list[7].sex = Sex::Female;
    list[7].birth_date = Date(NaiveDate::from_ymd_opt(1992, 4, 16).unwrap_or_default());
    list[7].id_number = with_check("22010219920416002");
    let mut first_version = terms(190, list.clone(), first);
    first_version.posts = vec![LayoffPostInput {
        post: "窑炉操作工".into(),
        kept_without_priority: 6,
    }];
    let plan = steps
        .draft(&building, LayoffGround::BusinessChange, first_version, 14)
        .await?;
    let plan = steps
        .explain(
            plan,
            12,
            "新建自动化生产线投产，原窑炉生产线关停，窑炉操作岗位由48个减至27个。",
        )
        .await?;
    let plan = steps
        .opinion(plan, 9, "名单第8号孙丽娜正在哺乳期（孩子未满一周岁），属《劳动合同法》第四十二条第（四）项规定的情形，不得裁减，请从名单中移出；第3号订立了无固定期限劳动合同，请依法优先留用。")
        .await?;
    list.remove(7);
    let mut second_version = terms(190, list, first);
    second_version.posts = vec![LayoffPostInput {
        post: "窑炉操作工".into(),
        kept_without_priority: 6,
    }];
    let revise = ReviseLayoffPlanInput {
        plan_id: id(&plan),
        expected_version: plan.version,
        reason: "采纳工会意见：孙丽娜处于哺乳期，依《劳动合同法》第四十二条第（四）项不得裁减，已从名单中移出。".into(),
        terms: second_version,
    };
    let plan = steps
        .step(plan, building.id, 8, "reviseLayoffPlan", revise)
        .await?;
    steps
        .answer(plan, 7, "已采纳工会意见，将孙丽娜从名单中移出；第3号职工所在岗位无其他未享有优先留用权的职工可替换，维持原方案。")
        .await?;

    // Reported eight days ago, waiting in the labour administration's queue.
    let print = employer(14)?;
    let first = steps.earliest(14);
    let plan = steps
        .draft(
            &print,
            LayoffGround::SeriousDifficulty,
            terms(95, crew(14, 10, "印刷机长"), first),
            16,
        )
        .await?;
    let plan = steps
        .explain(
            plan,
            14,
            "主要客户订单转移，印刷业务量下降45%，连续两年亏损。",
        )
        .await?;
    let plan = steps
        .opinion(plan, 12, "工会无异议，请依法足额支付经济补偿。")
        .await?;
    let plan = steps
        .answer(plan, 10, "经济补偿将在解除劳动合同时一次性足额支付。")
        .await?;
    steps.report(plan, 8).await?;

    // Reported, acknowledged and being carried out: twelve of thirty gone,
    // two services held, and a hiring whose twelve were told first.
    let rail = employer(4)?;
    let first = steps.earliest(70);
    let list = crew(4, 30, "铸造工");
    let plan = steps
        .draft(
            &rail,
            LayoffGround::BusinessChange,
            terms(1730, list.clone(), first),
            75,
        )
        .await?;
    let plan = steps
        .explain(plan, 70, "铸造车间转产为数控加工，铸造岗位整体撤并。")
        .await?;
    let plan = steps
        .opinion(plan, 66, "工会同意，请为被裁减职工提供转岗培训机会。")
        .await?;
    let plan = steps
        .answer(plan, 64, "同意组织转岗培训，培训合格的优先转岗。")
        .await?;
    let plan = steps.report(plan, 62).await?;
    let plan = steps
        .acknowledge(
            plan,
            60,
            Some("已收悉。请做好经济补偿支付和职工思想工作，防止发生群体性事件。"),
        )
        .await?;
    let plan = steps.elapse(plan).await?;
    let plan = steps.terminate(plan, &list, 1..=12, first).await?;
    let plan = steps
        .service(
            plan,
            30,
            ServiceKind::SkillsTraining,
            "长春市公共就业服务中心",
            10,
            "10人参加数控车工培训，8人取得职业技能等级证书。",
        )
        .await?;
    let plan = steps
        .service(
            plan,
            20,
            ServiceKind::EmploymentAssistance,
            "长春市人力资源市场",
            12,
            "举办专场招聘会，5人达成就业意向。",
        )
        .await?;
    let hiring = RecordLayoffHiringInput {
        plan_id: id(&plan),
        hired_on: Date(steps.ago(2).date()),
        posts: "数控机床操作工".into(),
        openings: 3,
        notified: (1..=12)
            .map(|row| RehireNoticeInput {
                row,
                notified_on: Date(steps.ago(6).date()),
            })
            .collect(),
    };
    steps
        .step(plan, rail.id, 4, "recordLayoffHiring", hiring)
        .await?;

    // Carried out in full.
    let school = employer(49)?;
    let first = steps.earliest(80);
    let list = crew(49, 8, "培训讲师");
    let plan = steps
        .draft(
            &school,
            LayoffGround::CircumstancesChanged,
            terms(75, list.clone(), first),
            85,
        )
        .await?;
    let plan = steps
        .explain(
            plan,
            80,
            "职业技能补贴培训项目停办，相关培训班全部停止招生。",
        )
        .await?;
    let plan = steps.opinion(plan, 77, "工会同意。").await?;
    let plan = steps
        .answer(plan, 75, "已研究工会意见，按方案实施。")
        .await?;
    let plan = steps.report(plan, 74).await?;
    let plan = steps.acknowledge(plan, 72, None).await?;
    let plan = steps.elapse(plan).await?;
    let plan = steps.terminate(plan, &list, 1..=8, first).await?;
    steps
        .service(
            plan,
            40,
            ServiceKind::PsychologicalGuidance,
            "区职工服务中心",
            6,
            "开展心理疏导讲座，6人参加。",
        )
        .await?;

    // Withdrawn after the explanation.
    let coach = employer(30)?;
    let first = steps.earliest(6);
    let plan = steps
        .draft(
            &coach,
            LayoffGround::SeriousDifficulty,
            terms(720, crew(30, 60, "客车驾驶员"), first),
            9,
        )
        .await?;
    let plan = steps
        .explain(plan, 6, "城际客运线路受高铁开通影响，客运量下降六成。")
        .await?;
    let withdraw = WithdrawLayoffPlanInput {
        plan_id: id(&plan),
        reason: "获得失业保险稳岗返还资金，经与工会协商改为轮岗轮休，不再裁减人员。".into(),
    };
    steps
        .step(plan, coach.id, 2, "withdrawLayoffPlan", withdraw)
        .await?;

    // Below the threshold: six of 460, carried out without the procedure.
    let software = employer(34)?;
    let list = crew(34, 6, "测试工程师");
    let last_day = steps.ago(15).date();
    let plan = steps
        .draft(
            &software,
            LayoffGround::BusinessChange,
            terms(460, list.clone(), last_day),
            20,
        )
        .await?;
    steps.terminate(plan, &list, 1..=6, last_day).await?;

    Ok(())
}
