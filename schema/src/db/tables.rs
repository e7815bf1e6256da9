//! The one set of table definitions, shared by both backends. Only portable
//! types are used; timestamps hold UTC truncated to microseconds. One
//! file on purpose: diesel's `joinable!` and `allow_tables_to_appear_in_same_query!`
//! need every table in one place.

diesel::table! {
    regions (id) {
        id -> BigInt,
        code -> Text,
        name -> Text,
        kind -> Text,
        parent_id -> Nullable<BigInt>,
        path -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    organizations (id) {
        id -> BigInt,
        kind -> Text,
        name -> Text,
        region_id -> BigInt,
        parent_id -> Nullable<BigInt>,
        employer_id -> Nullable<BigInt>,
        version -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        city_office -> Bool,
    }
}

diesel::table! {
    employer_profiles (organization_id) {
        organization_id -> BigInt,
        credit_code -> Text,
        legal_representative -> Text,
        industry_section -> Text,
        industry_division -> Text,
        headcount -> Integer,
        address -> Text,
        operating_status -> Text,
        is_platform -> Bool,
    }
}

diesel::table! {
    association_members (association_id, employer_id) {
        association_id -> BigInt,
        employer_id -> BigInt,
        created_at -> Timestamp,
    }
}

diesel::table! {
    installation (one) {
        one -> Bool,
        id -> Text,
    }
}

diesel::table! {
    seed_runs (name) {
        name -> Text,
        loaded_at -> Timestamp,
    }
}

diesel::joinable!(organizations -> regions (region_id));
diesel::joinable!(employer_profiles -> organizations (organization_id));

diesel::table! {
    users (id) {
        id -> BigInt,
        login_name -> Text,
        display_name -> Text,
        email -> Text,
        phone -> Text,
        language -> Text,
        password_hash -> Text,
        disabled -> Bool,
        version -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    sessions (id) {
        id -> BigInt,
        user_id -> BigInt,
        token_hash -> Text,
        created_at -> Timestamp,
        expires_at -> Timestamp,
        revoked_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    memberships (user_id, organization_id) {
        user_id -> BigInt,
        organization_id -> BigInt,
        role -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    audit_entries (id) {
        id -> BigInt,
        occurred_at -> Timestamp,
        actor_user_id -> Nullable<BigInt>,
        acting_organization_id -> Nullable<BigInt>,
        operation -> Text,
        subject_type -> Text,
        subject_id -> BigInt,
        summary -> Text,
    }
}

diesel::table! {
    login_throttles (throttle_key) {
        throttle_key -> Text,
        failures -> Integer,
        window_started_at -> Timestamp,
        locked_until -> Nullable<Timestamp>,
    }
}

diesel::table! {
    events (id) {
        id -> BigInt,
        kind -> Text,
        subject_type -> Text,
        subject_id -> BigInt,
        actor_user_id -> Nullable<BigInt>,
        occurred_at -> Timestamp,
        payload -> Text,
        fanned_out -> Bool,
    }
}

diesel::table! {
    event_organizations (event_id, organization_id) {
        event_id -> BigInt,
        organization_id -> BigInt,
    }
}

diesel::table! {
    notifications (id) {
        id -> BigInt,
        event_id -> BigInt,
        user_id -> BigInt,
        category -> Text,
        created_at -> Timestamp,
        read_at -> Nullable<Timestamp>,
        email_status -> Text,
        attempts -> Integer,
        next_attempt_at -> Timestamp,
        lease_until -> Nullable<Timestamp>,
        last_error -> Nullable<Text>,
        sent_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    notification_preferences (user_id, category) {
        user_id -> BigInt,
        category -> Text,
        email_enabled -> Bool,
    }
}

diesel::table! {
    deadlines (id) {
        id -> BigInt,
        kind -> Text,
        rule -> Text,
        period -> Text,
        subject_type -> Text,
        subject_id -> BigInt,
        start_at -> Timestamp,
        due_at -> Timestamp,
        status -> Text,
        next_reminder_at -> Nullable<Timestamp>,
        reminders_sent -> Text,
        closed_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
        version -> Integer,
    }
}

diesel::table! {
    deadline_organizations (deadline_id, organization_id) {
        deadline_id -> BigInt,
        organization_id -> BigInt,
    }
}

diesel::table! {
    calendar_days (day) {
        day -> Date,
        kind -> Text,
        name -> Text,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    holiday_notices (year) {
        year -> Integer,
        title -> Text,
        loaded_at -> Timestamp,
    }
}

diesel::table! {
    campaigns (id) {
        id -> BigInt,
        name -> Text,
        kind -> Text,
        region_id -> BigInt,
        organizer_id -> BigInt,
        starts_on -> Date,
        ends_on -> Date,
        targets -> Text,
        version -> Integer,
        created_at -> Timestamp,
    }
}

diesel::table! {
    campaign_summaries (id) {
        id -> BigInt,
        campaign_id -> BigInt,
        office_id -> BigInt,
        region_id -> BigInt,
        status -> Text,
        due_on -> Date,
        work_done -> Text,
        experience -> Text,
        typical_cases -> Text,
        problems -> Text,
        causes -> Text,
        next_steps -> Text,
        figures -> Nullable<Text>,
        submitted_at -> Nullable<Timestamp>,
        submitted_by -> Nullable<Text>,
        version -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    offers (id) {
        id -> BigInt,
        campaign_id -> Nullable<BigInt>,
        initiating_side -> Text,
        issuing_organization_id -> BigInt,
        receiving_organization_id -> BigInt,
        employer_id -> BigInt,
        union_id -> BigInt,
        region_id -> BigInt,
        category -> Text,
        topics -> Text,
        proposed_terms -> Text,
        proposed_time -> Nullable<Timestamp>,
        proposed_place -> Text,
        proposed_representatives -> Integer,
        information_requested -> Text,
        status -> Text,
        delivery -> Nullable<Text>,
        issued_at -> Nullable<Timestamp>,
        received_at -> Nullable<Timestamp>,
        answered_at -> Nullable<Timestamp>,
        decline_reason -> Nullable<Text>,
        decline_flagged_at -> Nullable<Timestamp>,
        outcome -> Nullable<Text>,
        outcome_summary -> Nullable<Text>,
        suspended_until -> Nullable<Date>,
        concluded_at -> Nullable<Timestamp>,
        version -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    representatives (id) {
        id -> BigInt,
        offer_id -> BigInt,
        side -> Text,
        name -> Text,
        position -> Text,
        is_chief -> Bool,
        is_outside_expert -> Bool,
        removed_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    bargaining_sessions (id) {
        id -> BigInt,
        offer_id -> BigInt,
        kind -> Text,
        scheduled_at -> Timestamp,
        place -> Text,
        chairing_side -> Text,
        note_taker -> Text,
        attendance -> Nullable<Text>,
        minutes -> Nullable<Text>,
        held_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    bargaining_disputes (id) {
        id -> BigInt,
        offer_id -> BigInt,
        requested_by -> Text,
        reason -> Text,
        status -> Text,
        extended_days -> Integer,
        resolution -> Nullable<Text>,
        opened_at -> Timestamp,
        resolved_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    offer_rules (region_id) {
        region_id -> BigInt,
        start_within_working_days -> Nullable<Integer>,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    agreements (id) {
        id -> BigInt,
        kind -> Text,
        special_subject -> Nullable<Text>,
        title -> Text,
        offer_id -> Nullable<BigInt>,
        predecessor_id -> Nullable<BigInt>,
        workers_party_id -> BigInt,
        employer_party_id -> BigInt,
        region_id -> BigInt,
        workers_covered -> Nullable<Integer>,
        term_starts_on -> Nullable<Date>,
        term_ends_on -> Nullable<Date>,
        term_override_reason -> Nullable<Text>,
        status -> Text,
        text_version -> Integer,
        next_clause_key -> Integer,
        workers_signed_by -> Nullable<Text>,
        workers_signed_at -> Nullable<Timestamp>,
        employer_signed_by -> Nullable<Text>,
        employer_signed_at -> Nullable<Timestamp>,
        workers_signed_delegation -> Nullable<Text>,
        employer_signed_delegation -> Nullable<Text>,
        effective_at -> Nullable<Timestamp>,
        published_at -> Nullable<Timestamp>,
        publication_method -> Nullable<Text>,
        ended_at -> Nullable<Timestamp>,
        termination_ground -> Nullable<Text>,
        termination_note -> Nullable<Text>,
        version -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    agreement_employers (agreement_id, employer_id) {
        agreement_id -> BigInt,
        employer_id -> BigInt,
    }
}

diesel::table! {
    agreement_versions (id) {
        id -> BigInt,
        agreement_id -> BigInt,
        number -> Integer,
        author_user_id -> Nullable<BigInt>,
        author_organization_id -> BigInt,
        note -> Text,
        clauses -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    agreement_comments (id) {
        id -> BigInt,
        agreement_id -> BigInt,
        clause_key -> Integer,
        text_version -> Integer,
        author_user_id -> Nullable<BigInt>,
        author_organization_id -> BigInt,
        body -> Text,
        created_at -> Timestamp,
        resolved_at -> Nullable<Timestamp>,
        resolved_by_user_id -> Nullable<BigInt>,
    }
}

diesel::table! {
    workers_congress_votes (id) {
        id -> BigInt,
        agreement_id -> BigInt,
        text_version -> Integer,
        body -> Text,
        total_members -> Integer,
        present -> Integer,
        in_favour -> Integer,
        held_on -> Date,
        valid -> Bool,
        reason -> Text,
        recorded_by_user_id -> Nullable<BigInt>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    agreement_reviews (id) {
        id -> BigInt,
        agreement_id -> BigInt,
        reviewer_id -> BigInt,
        filed_at -> Timestamp,
        receipt_number -> Text,
        filed_late -> Bool,
        late_explanation -> Nullable<Text>,
        outcome -> Text,
        opinion -> Nullable<Text>,
        decided_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    agreement_rules (region_id, kind, special_subject) {
        region_id -> BigInt,
        kind -> Text,
        special_subject -> Text,
        filing_days -> Nullable<Integer>,
        publication_days -> Nullable<Integer>,
        updated_at -> Timestamp,
    }
}

diesel::joinable!(sessions -> users (user_id));

diesel::table! {
    exports (id) {
        id -> BigInt,
        token_hash -> Text,
        session_id -> BigInt,
        ledger -> Nullable<Text>,
        report -> Nullable<Text>,
        document -> Nullable<Text>,
        request -> Text,
        created_at -> Timestamp,
        expires_at -> Timestamp,
        fetched_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    text_confirmations (id) {
        id -> BigInt,
        offer_id -> Nullable<BigInt>,
        agreement_id -> Nullable<BigInt>,
        text -> Text,
        side -> Text,
        digest -> Text,
        signer -> Nullable<Text>,
        confirmed_by_user_id -> Nullable<BigInt>,
        confirmed_at -> Timestamp,
    }
}

diesel::joinable!(exports -> sessions (session_id));
diesel::joinable!(memberships -> users (user_id));
diesel::joinable!(memberships -> organizations (organization_id));
diesel::joinable!(event_organizations -> events (event_id));
diesel::joinable!(notifications -> events (event_id));
diesel::joinable!(notifications -> users (user_id));
diesel::joinable!(deadline_organizations -> deadlines (deadline_id));
diesel::joinable!(offers -> campaigns (campaign_id));
diesel::joinable!(representatives -> offers (offer_id));
diesel::joinable!(bargaining_sessions -> offers (offer_id));
diesel::joinable!(bargaining_disputes -> offers (offer_id));
diesel::joinable!(agreement_employers -> agreements (agreement_id));
diesel::joinable!(agreement_versions -> agreements (agreement_id));
diesel::joinable!(agreement_comments -> agreements (agreement_id));
diesel::joinable!(workers_congress_votes -> agreements (agreement_id));
diesel::joinable!(agreement_reviews -> agreements (agreement_id));

diesel::table! {
    invitations (id) {
        id -> BigInt,
        organization_id -> BigInt,
        login_name -> Text,
        role -> Text,
        invited_by -> Nullable<BigInt>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    risk_cases (id) {
        id -> BigInt,
        employer_id -> BigInt,
        region_id -> BigInt,
        office_id -> BigInt,
        source -> Text,
        status -> Text,
        summary -> Text,
        urgent -> Bool,
        major -> Bool,
        tracker -> Nullable<Text>,
        tracker_phone -> Nullable<Text>,
        level -> Nullable<Text>,
        outcome -> Nullable<Text>,
        outcome_summary -> Nullable<Text>,
        merged_into_id -> Nullable<BigInt>,
        received_at -> Timestamp,
        attention_at -> Timestamp,
        closed_at -> Nullable<Timestamp>,
        version -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    risk_case_items (case_id, item) {
        case_id -> BigInt,
        item -> Text,
    }
}

diesel::table! {
    risk_reports (id) {
        id -> BigInt,
        case_id -> BigInt,
        submitted_by_id -> BigInt,
        employer_name -> Text,
        legal_representative -> Text,
        operating_status -> Text,
        headcount -> Integer,
        address -> Text,
        reporter -> Text,
        reporter_phone -> Text,
        office_name -> Text,
        office_phone -> Text,
        items -> Text,
        details -> Text,
        measures -> Text,
        report_date -> Date,
        notified_at -> Timestamp,
        channel -> Text,
        workers_affected -> Nullable<Integer>,
        arrears_fen -> Nullable<BigInt>,
        arrears_months -> Nullable<Integer>,
        received_at -> Timestamp,
    }
}

diesel::table! {
    risk_forms (id) {
        id -> BigInt,
        case_id -> BigInt,
        number -> Integer,
        office_id -> BigInt,
        title -> Text,
        level -> Nullable<Text>,
        situation -> Text,
        cause -> Text,
        trend -> Text,
        measures -> Text,
        next_steps -> Text,
        remarks -> Text,
        responsible_head -> Text,
        filled_by -> Text,
        phone -> Text,
        form_date -> Date,
        filed_at -> Timestamp,
    }
}

diesel::table! {
    risk_follow_ups (id) {
        id -> BigInt,
        case_id -> BigInt,
        happened_at -> Timestamp,
        done -> Text,
        next_step -> Text,
        next_at -> Nullable<Timestamp>,
        referred_to -> Nullable<Text>,
        answer -> Nullable<Text>,
        answered_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    wage_rates (region_id, year) {
        region_id -> BigInt,
        year -> Integer,
        minimum_wage -> Nullable<BigInt>,
        average_wage -> Nullable<BigInt>,
        set_by_id -> BigInt,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    risk_case_links (case_id, kind, subject_id) {
        case_id -> BigInt,
        kind -> Text,
        subject_id -> BigInt,
        linked_by_id -> BigInt,
        linked_at -> Timestamp,
    }
}

diesel::table! {
    warnings (id) {
        id -> BigInt,
        level -> Text,
        title -> Text,
        details -> Text,
        industries -> Text,
        workers -> Nullable<Integer>,
        status -> Text,
        decided_by -> Nullable<Text>,
        document_number -> Nullable<Text>,
        decided_on -> Nullable<Date>,
        issued_by_id -> BigInt,
        issued_at -> Timestamp,
        lifted_at -> Nullable<Timestamp>,
        lift_reason -> Nullable<Text>,
        version -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    warning_regions (warning_id, region_id) {
        warning_id -> BigInt,
        region_id -> BigInt,
    }
}

diesel::table! {
    warning_employers (warning_id, employer_id) {
        warning_id -> BigInt,
        employer_id -> BigInt,
    }
}

diesel::table! {
    warning_cases (warning_id, case_id) {
        warning_id -> BigInt,
        case_id -> BigInt,
    }
}

diesel::table! {
    risk_upward_reports (id) {
        id -> BigInt,
        case_id -> Nullable<BigInt>,
        warning_id -> Nullable<BigInt>,
        recipient -> Text,
        reported_at -> Timestamp,
        reported_by_id -> BigInt,
        reported_by_user_id -> Nullable<BigInt>,
        note -> Text,
    }
}

diesel::table! {
    risk_rules (region_id) {
        region_id -> BigInt,
        urgent_hours -> Nullable<Integer>,
        return_day -> Nullable<Integer>,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    headcount_returns (id) {
        id -> BigInt,
        employer_id -> BigInt,
        month -> Date,
        headcount_start -> Integer,
        headcount_end -> Integer,
        departures -> Integer,
        filed_at -> Timestamp,
        filed_by_id -> BigInt,
        case_id -> Nullable<BigInt>,
    }
}

diesel::table! {
    credit_reminders (id) {
        id -> BigInt,
        case_id -> BigInt,
        employer_id -> BigInt,
        fault -> Text,
        note -> Text,
        issued_at -> Timestamp,
        issued_by_id -> BigInt,
        interview_at -> Nullable<Timestamp>,
        attendees -> Nullable<Text>,
        outcome -> Nullable<Text>,
        interviewed_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    health_checks (id) {
        id -> BigInt,
        employer_id -> BigInt,
        region_id -> BigInt,
        recorded_by_id -> BigInt,
        visited_on -> Date,
        diagnosis -> Text,
        prescription -> Text,
        acknowledged_at -> Nullable<Timestamp>,
        acknowledged_by -> Nullable<Text>,
        acknowledgement -> Nullable<Text>,
        version -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    health_check_visitors (health_check_id, position) {
        health_check_id -> BigInt,
        position -> Integer,
        name -> Text,
        role -> Text,
    }
}

diesel::table! {
    health_check_findings (health_check_id, area) {
        health_check_id -> BigInt,
        area -> Text,
        compliant -> Bool,
        finding -> Text,
    }
}

diesel::table! {
    rectification_items (id) {
        id -> BigInt,
        employer_id -> BigInt,
        region_id -> BigInt,
        case_id -> Nullable<BigInt>,
        health_check_id -> Nullable<BigInt>,
        problem -> Text,
        measure -> Text,
        responsible_organization_id -> Nullable<BigInt>,
        responsible_department -> Nullable<Text>,
        due_on -> Date,
        due_at -> Timestamp,
        status -> Text,
        evidence -> Nullable<Text>,
        done_at -> Nullable<Timestamp>,
        verified_at -> Nullable<Timestamp>,
        verified_by_id -> Nullable<BigInt>,
        verification_note -> Nullable<Text>,
        added_by_id -> BigInt,
        version -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    risk_bulletins (id) {
        id -> BigInt,
        title -> Text,
        body -> Text,
        published_by_id -> BigInt,
        published_at -> Timestamp,
        withdrawn_at -> Nullable<Timestamp>,
        withdraw_reason -> Nullable<Text>,
        version -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    bulletin_authorizations (office_id) {
        office_id -> BigInt,
        authorized_by_id -> BigInt,
        authorized_at -> Timestamp,
    }
}

diesel::table! {
    risk_signals (employer_id, month, kind) {
        employer_id -> BigInt,
        month -> Date,
        kind -> Text,
        value -> Double,
        imported_at -> Timestamp,
    }
}

diesel::table! {
    risk_rule_sets (version) {
        version -> Integer,
        rules -> Text,
        note -> Nullable<Text>,
        created_by_id -> BigInt,
        created_at -> Timestamp,
    }
}

diesel::table! {
    risk_grades (employer_id) {
        employer_id -> BigInt,
        region_id -> BigInt,
        grade -> Text,
        points -> Integer,
        reasons -> Text,
        rule_version -> Integer,
        month -> Date,
        graded_at -> Timestamp,
    }
}

diesel::table! {
    layoff_rules (region_id) {
        region_id -> BigInt,
        answer_days -> Integer,
        set_by_id -> BigInt,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    layoff_plans (id) {
        id -> BigInt,
        employer_id -> BigInt,
        region_id -> BigInt,
        union_id -> Nullable<BigInt>,
        status -> Text,
        ground -> Text,
        revision -> Integer,
        workforce -> Integer,
        cut -> Integer,
        procedure_required -> Bool,
        first_termination -> Date,
        last_termination -> Date,
        explained_at -> Nullable<Timestamp>,
        explained_to -> Nullable<Text>,
        explanation -> Nullable<Text>,
        earliest_termination -> Nullable<Date>,
        opinion -> Nullable<Text>,
        opinion_at -> Nullable<Timestamp>,
        answer -> Nullable<Text>,
        answered_at -> Nullable<Timestamp>,
        reported_at -> Nullable<Timestamp>,
        reported_to_id -> Nullable<BigInt>,
        acknowledged_at -> Nullable<Timestamp>,
        administration_opinion -> Nullable<Text>,
        withdrawn_at -> Nullable<Timestamp>,
        withdrawal_reason -> Nullable<Text>,
        version -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    layoff_plan_revisions (plan_id, revision) {
        plan_id -> BigInt,
        revision -> Integer,
        workforce -> Integer,
        cut -> Integer,
        first_termination -> Date,
        last_termination -> Date,
        steps -> Text,
        compensation -> Text,
        criteria -> Text,
        reason -> Nullable<Text>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    layoff_workers (plan_id, revision, position) {
        plan_id -> BigInt,
        revision -> Integer,
        position -> Integer,
        name -> Text,
        id_number -> Text,
        post -> Text,
        sex -> Text,
        job_category -> Text,
        birth_date -> Date,
        service_start -> Date,
        contract -> Text,
        long_fixed_term -> Bool,
        sole_earner -> Bool,
        hazard_unchecked -> Bool,
        disease_or_injury -> Bool,
        medical_treatment -> Bool,
        maternity -> Bool,
        other_by_law -> Nullable<Text>,
        monthly_wage -> BigInt,
    }
}

diesel::table! {
    layoff_posts (plan_id, revision, post) {
        plan_id -> BigInt,
        revision -> Integer,
        post -> Text,
        kept_without_priority -> Integer,
    }
}

diesel::table! {
    layoff_terminations (plan_id, id_number) {
        plan_id -> BigInt,
        id_number -> Text,
        revision -> Integer,
        position -> Integer,
        last_day -> Date,
        severance_due -> Nullable<BigInt>,
        severance_paid -> BigInt,
        override_reason -> Nullable<Text>,
        certificate_issued_on -> Date,
        rehire_until -> Date,
        recorded_at -> Timestamp,
    }
}

diesel::table! {
    layoff_services (id) {
        id -> BigInt,
        plan_id -> BigInt,
        kind -> Text,
        provider -> Text,
        held_on -> Date,
        participants -> Integer,
        outcome -> Text,
        recorded_by_id -> BigInt,
        recorded_at -> Timestamp,
    }
}

diesel::table! {
    layoff_hirings (id) {
        id -> BigInt,
        plan_id -> BigInt,
        hired_on -> Date,
        posts -> Text,
        openings -> Integer,
        recorded_at -> Timestamp,
    }
}

diesel::table! {
    layoff_rehire_notices (hiring_id, id_number) {
        hiring_id -> BigInt,
        plan_id -> BigInt,
        id_number -> Text,
        notified_on -> Date,
    }
}

diesel::table! {
    evaluation_guides (id) {
        id -> BigInt,
        code -> Text,
        edition -> Integer,
        title -> Text,
        sample -> Bool,
        status -> Text,
        body -> Text,
        max_points -> Integer,
        loaded_by_id -> Nullable<BigInt>,
        published_at -> Nullable<Timestamp>,
        superseded_at -> Nullable<Timestamp>,
        version -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    bargaining_evaluations (id) {
        id -> BigInt,
        employer_id -> BigInt,
        region_id -> BigInt,
        union_id -> Nullable<BigInt>,
        year -> Integer,
        guide_id -> BigInt,
        status -> Text,
        summary -> Nullable<Text>,
        total -> Integer,
        grade -> Nullable<Text>,
        submitted_at -> Nullable<Timestamp>,
        returned_at -> Nullable<Timestamp>,
        return_reason -> Nullable<Text>,
        confirmed_at -> Nullable<Timestamp>,
        confirmed_by_id -> Nullable<BigInt>,
        confirmation_note -> Nullable<Text>,
        confirmed_total -> Nullable<Integer>,
        confirmed_grade -> Nullable<Text>,
        filed_at -> Nullable<Timestamp>,
        filed_with_id -> Nullable<BigInt>,
        receipt_number -> Nullable<Text>,
        nomination -> Nullable<Text>,
        nominated_at -> Nullable<Timestamp>,
        nomination_note -> Nullable<Text>,
        version -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    evaluation_scores (evaluation_id, code) {
        evaluation_id -> BigInt,
        position -> Integer,
        code -> Text,
        score -> Integer,
        note -> Nullable<Text>,
        adjusted -> Nullable<Integer>,
        adjustment_reason -> Nullable<Text>,
    }
}

diesel::table! {
    evaluation_surveys (evaluation_id, rate) {
        evaluation_id -> BigInt,
        rate -> Text,
        sample -> Integer,
        positive -> Integer,
    }
}

diesel::table! {
    evaluation_links (evaluation_id, kind, subject_id) {
        evaluation_id -> BigInt,
        kind -> Text,
        subject_id -> BigInt,
    }
}

diesel::table! {
    harmony_titles (id) {
        id -> BigInt,
        employer_id -> BigInt,
        region_id -> BigInt,
        title -> Text,
        level -> Text,
        year -> Integer,
        named_by -> Text,
        document -> Text,
        valid_until -> Nullable<Date>,
        revoked_at -> Nullable<Timestamp>,
        revocation_reason -> Nullable<Text>,
        recorded_by_id -> Nullable<BigInt>,
        version -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    coverage_counted (employer_id) {
        employer_id -> BigInt,
        region_id -> BigInt,
        industry_section -> Text,
        workers -> BigInt,
        covered -> Bool,
    }
}

diesel::table! {
    coverage_tallies (region_id, industry_section) {
        region_id -> BigInt,
        industry_section -> Text,
        employers -> BigInt,
        workers -> BigInt,
        employers_covered -> BigInt,
        workers_covered -> BigInt,
    }
}

diesel::allow_tables_to_appear_in_same_query!(
    invitations,
    regions,
    organizations,
    employer_profiles,
    association_members,
    seed_runs,
    users,
    sessions,
    exports,
    text_confirmations,
    memberships,
    audit_entries,
    login_throttles,
    events,
    event_organizations,
    notifications,
    notification_preferences,
    deadlines,
    deadline_organizations,
    calendar_days,
    holiday_notices,
    campaigns,
    offers,
    representatives,
    bargaining_sessions,
    bargaining_disputes,
    offer_rules,
    agreements,
    agreement_employers,
    agreement_versions,
    agreement_comments,
    workers_congress_votes,
    agreement_reviews,
    agreement_rules,
    risk_cases,
    risk_case_items,
    risk_reports,
    risk_forms,
    risk_follow_ups,
    risk_case_links,
    warnings,
    warning_regions,
    warning_employers,
    warning_cases,
    risk_upward_reports,
    risk_rules,
    headcount_returns,
    credit_reminders,
    health_checks,
    health_check_visitors,
    health_check_findings,
    rectification_items,
    risk_bulletins,
    bulletin_authorizations,
    risk_signals,
    risk_rule_sets,
    risk_grades,
    wage_rates,
    layoff_rules,
    layoff_plans,
    layoff_plan_revisions,
    layoff_workers,
    layoff_posts,
    layoff_terminations,
    layoff_services,
    layoff_hirings,
    layoff_rehire_notices,
    evaluation_guides,
    bargaining_evaluations,
    evaluation_scores,
    evaluation_surveys,
    evaluation_links,
    harmony_titles,
    coverage_counted,
    coverage_tallies,
    campaign_summaries,
);

diesel::allow_columns_to_appear_in_same_group_by_clause!(
    organizations::region_id,
    employer_profiles::industry_section,
);
