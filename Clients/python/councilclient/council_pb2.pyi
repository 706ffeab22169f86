from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from typing import ClassVar as _ClassVar, Iterable as _Iterable, Mapping as _Mapping, Optional as _Optional, Union as _Union

ACCOUNT_ROLE_ADMINISTRATOR: AccountRole
ACCOUNT_ROLE_AUDITOR: AccountRole
ACCOUNT_ROLE_COMMUNITY_CADRE: AccountRole
ACCOUNT_ROLE_HALL_STAFF: AccountRole
ACCOUNT_ROLE_LEADER: AccountRole
ACCOUNT_ROLE_UNIT_HANDLER: AccountRole
ACCOUNT_ROLE_UNSPECIFIED: AccountRole
CASE_OPERATION_ACCEPT: CaseOperation
CASE_OPERATION_ADD_PROGRESS: CaseOperation
CASE_OPERATION_ALERT_DEADLINE: CaseOperation
CASE_OPERATION_APPROVE_EXTENSION: CaseOperation
CASE_OPERATION_CLOSE: CaseOperation
CASE_OPERATION_CLOSE_UNRATED: CaseOperation
CASE_OPERATION_DECLINE: CaseOperation
CASE_OPERATION_DENY_EXTENSION: CaseOperation
CASE_OPERATION_DISPATCH: CaseOperation
CASE_OPERATION_EVALUATE: CaseOperation
CASE_OPERATION_HANDLE_LOCALLY: CaseOperation
CASE_OPERATION_MERGE: CaseOperation
CASE_OPERATION_RECORD_DELIBERATION_OUTCOME: CaseOperation
CASE_OPERATION_RECORD_FEEDBACK: CaseOperation
CASE_OPERATION_REFER: CaseOperation
CASE_OPERATION_REQUEST_EXTENSION: CaseOperation
CASE_OPERATION_RESOLVE: CaseOperation
CASE_OPERATION_RETURN: CaseOperation
CASE_OPERATION_REWORK: CaseOperation
CASE_OPERATION_SCHEDULE_DELIBERATION: CaseOperation
CASE_OPERATION_SUBMIT: CaseOperation
CASE_OPERATION_UNSPECIFIED: CaseOperation
CASE_OPERATION_VERIFY: CaseOperation
CASE_OPERATION_WITHDRAW: CaseOperation
CASE_SOURCE_APP: CaseSource
CASE_SOURCE_CADRE_VISIT: CaseSource
CASE_SOURCE_GRID_PLATFORM: CaseSource
CASE_SOURCE_HOTLINE: CaseSource
CASE_SOURCE_LEADER_VISIT: CaseSource
CASE_SOURCE_MEETING: CaseSource
CASE_SOURCE_PETITION_OFFICE: CaseSource
CASE_SOURCE_REPRESENTATIVE: CaseSource
CASE_SOURCE_UNSPECIFIED: CaseSource
CASE_SOURCE_WALK_IN: CaseSource
CASE_STATUS_ACCEPTED: CaseStatus
CASE_STATUS_AWAITING_DELIBERATION: CaseStatus
CASE_STATUS_AWAITING_EVALUATION: CaseStatus
CASE_STATUS_CLOSED: CaseStatus
CASE_STATUS_DECLINED: CaseStatus
CASE_STATUS_DISPATCHED: CaseStatus
CASE_STATUS_EVALUATED: CaseStatus
CASE_STATUS_IN_PROGRESS: CaseStatus
CASE_STATUS_MERGED: CaseStatus
CASE_STATUS_REFERRED: CaseStatus
CASE_STATUS_REOPENED: CaseStatus
CASE_STATUS_RESOLVED: CaseStatus
CASE_STATUS_SUBMITTED: CaseStatus
CASE_STATUS_UNSPECIFIED: CaseStatus
CASE_STATUS_WITHDRAWN: CaseStatus
DEADLINE_ALERT_LEVEL_DUE_SOON: DeadlineAlertLevel
DEADLINE_ALERT_LEVEL_OVERDUE: DeadlineAlertLevel
DEADLINE_ALERT_LEVEL_SUPERVISION: DeadlineAlertLevel
DEADLINE_ALERT_LEVEL_UNSPECIFIED: DeadlineAlertLevel
DEADLINE_CLOCK_EVALUATION: DeadlineClock
DEADLINE_CLOCK_HANDLING: DeadlineClock
DEADLINE_CLOCK_RESPONSE: DeadlineClock
DEADLINE_CLOCK_UNSPECIFIED: DeadlineClock
DEADLINE_STATE_DUE_SOON: DeadlineState
DEADLINE_STATE_NONE: DeadlineState
DEADLINE_STATE_ON_TIME: DeadlineState
DEADLINE_STATE_OVERDUE: DeadlineState
DEADLINE_STATE_SUPERVISED: DeadlineState
DEADLINE_STATE_UNSPECIFIED: DeadlineState
DEAD_LETTER_STATE_DISCARDED: DeadLetterState
DEAD_LETTER_STATE_PENDING: DeadLetterState
DEAD_LETTER_STATE_REPLAYED: DeadLetterState
DEAD_LETTER_STATE_UNSPECIFIED: DeadLetterState
DESCRIPTOR: _descriptor.FileDescriptor
DISPOSITION_DECLINE: Disposition
DISPOSITION_DELIBERATION: Disposition
DISPOSITION_DISPATCH: Disposition
DISPOSITION_HANDLE_LOCALLY: Disposition
DISPOSITION_MERGE: Disposition
DISPOSITION_REFERRAL: Disposition
DISPOSITION_UNSPECIFIED: Disposition
ELECTION_METHOD_DIRECT_VOTE: ElectionMethod
ELECTION_METHOD_GROUP_NOMINATION: ElectionMethod
ELECTION_METHOD_HOUSEHOLD_VOTE: ElectionMethod
ELECTION_METHOD_OTHER: ElectionMethod
ELECTION_METHOD_UNSPECIFIED: ElectionMethod
LINK_KIND_CADRE_HOUSEHOLD: LinkKind
LINK_KIND_LEADER_COMMUNITY: LinkKind
LINK_KIND_UNIT_COMPOUND: LinkKind
LINK_KIND_UNSPECIFIED: LinkKind
LOOP_STEP_CLASSIFY_AND_DISPOSE: LoopStep
LOOP_STEP_COLLECT: LoopStep
LOOP_STEP_DELIBERATE: LoopStep
LOOP_STEP_EVALUATE_AND_ASSESS: LoopStep
LOOP_STEP_HANDLE_AND_FEED_BACK: LoopStep
LOOP_STEP_UNSPECIFIED: LoopStep
MEASURE_KIND_EXTENSION_RATE: MeasureKind
MEASURE_KIND_MEETING_CADENCE: MeasureKind
MEASURE_KIND_ON_TIME_RATE: MeasureKind
MEASURE_KIND_RESOLUTION_RATE: MeasureKind
MEASURE_KIND_RESPONSE_RATE: MeasureKind
MEASURE_KIND_REWORK_RATE: MeasureKind
MEASURE_KIND_SATISFACTION_RATE: MeasureKind
MEASURE_KIND_UNSPECIFIED: MeasureKind
MEASURE_KIND_VISIT_CADENCE: MeasureKind
MEETING_FORMAT_COORDINATION_MEETING: MeetingFormat
MEETING_FORMAT_HEART_TO_HEART_TALK: MeetingFormat
MEETING_FORMAT_JOINT_MEETING: MeetingFormat
MEETING_FORMAT_OTHER: MeetingFormat
MEETING_FORMAT_UNSPECIFIED: MeetingFormat
MEETING_PLACE_KIND_CORRIDOR: MeetingPlaceKind
MEETING_PLACE_KIND_HALL: MeetingPlaceKind
MEETING_PLACE_KIND_OTHER: MeetingPlaceKind
MEETING_PLACE_KIND_PAVILION: MeetingPlaceKind
MEETING_PLACE_KIND_UNSPECIFIED: MeetingPlaceKind
MEETING_STATUS_CANCELLED: MeetingStatus
MEETING_STATUS_HELD: MeetingStatus
MEETING_STATUS_SCHEDULED: MeetingStatus
MEETING_STATUS_UNSPECIFIED: MeetingStatus
PARTICIPANT_ROLE_CADRE: ParticipantRole
PARTICIPANT_ROLE_LEADER: ParticipantRole
PARTICIPANT_ROLE_LEGAL_ADVISER: ParticipantRole
PARTICIPANT_ROLE_OTHER: ParticipantRole
PARTICIPANT_ROLE_PROPERTY_COMPANY: ParticipantRole
PARTICIPANT_ROLE_REPRESENTATIVE: ParticipantRole
PARTICIPANT_ROLE_RESIDENT: ParticipantRole
PARTICIPANT_ROLE_UNIT: ParticipantRole
PARTICIPANT_ROLE_UNSPECIFIED: ParticipantRole
PERSONAL_DATA_DISCLOSURE_FULL: PersonalDataDisclosure
PERSONAL_DATA_DISCLOSURE_MASKED: PersonalDataDisclosure
PERSONAL_DATA_DISCLOSURE_OMITTED: PersonalDataDisclosure
PERSONAL_DATA_DISCLOSURE_UNSPECIFIED: PersonalDataDisclosure
PERSON_ROLE_CADRE: PersonRole
PERSON_ROLE_GRID_WORKER: PersonRole
PERSON_ROLE_HALL_STAFF: PersonRole
PERSON_ROLE_LEADER: PersonRole
PERSON_ROLE_REPRESENTATIVE: PersonRole
PERSON_ROLE_UNSPECIFIED: PersonRole
PERSON_ROLE_VOLUNTEER: PersonRole
PRIORITY_NORMAL: Priority
PRIORITY_UNSPECIFIED: Priority
PRIORITY_URGENT: Priority
RATING_BASICALLY_SATISFIED: Rating
RATING_DISSATISFIED: Rating
RATING_SATISFIED: Rating
RATING_UNSPECIFIED: Rating
UNIT_KIND_DEPARTMENT: UnitKind
UNIT_KIND_LEGAL_ADVISER: UnitKind
UNIT_KIND_OTHER: UnitKind
UNIT_KIND_PROPERTY_COMPANY: UnitKind
UNIT_KIND_UNSPECIFIED: UnitKind
UNIT_KIND_UTILITY: UnitKind

class AcceptRequest(_message.Message):
    __slots__ = ["case_id", "category", "expected_version", "note", "priority"]
    CASE_ID_FIELD_NUMBER: _ClassVar[int]
    CATEGORY_FIELD_NUMBER: _ClassVar[int]
    EXPECTED_VERSION_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    PRIORITY_FIELD_NUMBER: _ClassVar[int]
    case_id: str
    category: str
    expected_version: int
    note: str
    priority: Priority
    def __init__(self, case_id: _Optional[str] = ..., expected_version: _Optional[int] = ..., category: _Optional[str] = ..., priority: _Optional[_Union[Priority, str]] = ..., note: _Optional[str] = ...) -> None: ...

class AcceptResponse(_message.Message):
    __slots__ = ["case"]
    CASE_FIELD_NUMBER: _ClassVar[int]
    case: Case
    def __init__(self, case: _Optional[_Union[Case, _Mapping]] = ...) -> None: ...

class Acceptance(_message.Message):
    __slots__ = ["category", "evaluation_window", "handling_due", "handling_limit", "max_extension", "note", "priority", "rework_limit"]
    CATEGORY_FIELD_NUMBER: _ClassVar[int]
    EVALUATION_WINDOW_FIELD_NUMBER: _ClassVar[int]
    HANDLING_DUE_FIELD_NUMBER: _ClassVar[int]
    HANDLING_LIMIT_FIELD_NUMBER: _ClassVar[int]
    MAX_EXTENSION_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    PRIORITY_FIELD_NUMBER: _ClassVar[int]
    REWORK_LIMIT_FIELD_NUMBER: _ClassVar[int]
    category: str
    evaluation_window: TimeLimit
    handling_due: int
    handling_limit: TimeLimit
    max_extension: TimeLimit
    note: str
    priority: Priority
    rework_limit: int
    def __init__(self, category: _Optional[str] = ..., priority: _Optional[_Union[Priority, str]] = ..., note: _Optional[str] = ..., handling_due: _Optional[int] = ..., handling_limit: _Optional[_Union[TimeLimit, _Mapping]] = ..., evaluation_window: _Optional[_Union[TimeLimit, _Mapping]] = ..., max_extension: _Optional[_Union[TimeLimit, _Mapping]] = ..., rework_limit: _Optional[int] = ...) -> None: ...

class Account(_message.Message):
    __slots__ = ["created_at", "disabled", "keys", "person_id", "roles", "system"]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    DISABLED_FIELD_NUMBER: _ClassVar[int]
    KEYS_FIELD_NUMBER: _ClassVar[int]
    PERSON_ID_FIELD_NUMBER: _ClassVar[int]
    ROLES_FIELD_NUMBER: _ClassVar[int]
    SYSTEM_FIELD_NUMBER: _ClassVar[int]
    created_at: int
    disabled: bool
    keys: _containers.RepeatedCompositeFieldContainer[PersonalKeyInfo]
    person_id: str
    roles: _containers.RepeatedScalarFieldContainer[AccountRole]
    system: str
    def __init__(self, person_id: _Optional[str] = ..., system: _Optional[str] = ..., roles: _Optional[_Iterable[_Union[AccountRole, str]]] = ..., disabled: bool = ..., created_at: _Optional[int] = ..., keys: _Optional[_Iterable[_Union[PersonalKeyInfo, _Mapping]]] = ...) -> None: ...

class AccountChange(_message.Message):
    __slots__ = ["at", "by", "change", "person_id"]
    AT_FIELD_NUMBER: _ClassVar[int]
    BY_FIELD_NUMBER: _ClassVar[int]
    CHANGE_FIELD_NUMBER: _ClassVar[int]
    PERSON_ID_FIELD_NUMBER: _ClassVar[int]
    at: int
    by: Principal
    change: str
    person_id: str
    def __init__(self, at: _Optional[int] = ..., person_id: _Optional[str] = ..., change: _Optional[str] = ..., by: _Optional[_Union[Principal, _Mapping]] = ...) -> None: ...

class AccountResponse(_message.Message):
    __slots__ = ["account"]
    ACCOUNT_FIELD_NUMBER: _ClassVar[int]
    account: Account
    def __init__(self, account: _Optional[_Union[Account, _Mapping]] = ...) -> None: ...

class AddAccountRequest(_message.Message):
    __slots__ = ["person_id", "roles", "system"]
    PERSON_ID_FIELD_NUMBER: _ClassVar[int]
    ROLES_FIELD_NUMBER: _ClassVar[int]
    SYSTEM_FIELD_NUMBER: _ClassVar[int]
    person_id: str
    roles: _containers.RepeatedScalarFieldContainer[AccountRole]
    system: str
    def __init__(self, person_id: _Optional[str] = ..., system: _Optional[str] = ..., roles: _Optional[_Iterable[_Union[AccountRole, str]]] = ...) -> None: ...

class AddProgressRequest(_message.Message):
    __slots__ = ["case_id", "expected_version", "note"]
    CASE_ID_FIELD_NUMBER: _ClassVar[int]
    EXPECTED_VERSION_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    case_id: str
    expected_version: int
    note: str
    def __init__(self, case_id: _Optional[str] = ..., expected_version: _Optional[int] = ..., note: _Optional[str] = ...) -> None: ...

class AddProgressResponse(_message.Message):
    __slots__ = ["case"]
    CASE_FIELD_NUMBER: _ClassVar[int]
    case: Case
    def __init__(self, case: _Optional[_Union[Case, _Mapping]] = ...) -> None: ...

class AddToAgendaRequest(_message.Message):
    __slots__ = ["case_id", "meeting", "topic"]
    CASE_ID_FIELD_NUMBER: _ClassVar[int]
    MEETING_FIELD_NUMBER: _ClassVar[int]
    TOPIC_FIELD_NUMBER: _ClassVar[int]
    case_id: str
    meeting: str
    topic: str
    def __init__(self, meeting: _Optional[str] = ..., case_id: _Optional[str] = ..., topic: _Optional[str] = ...) -> None: ...

class AddToAgendaResponse(_message.Message):
    __slots__ = ["meeting"]
    MEETING_FIELD_NUMBER: _ClassVar[int]
    meeting: Meeting
    def __init__(self, meeting: _Optional[_Union[Meeting, _Mapping]] = ...) -> None: ...

class AgendaItem(_message.Message):
    __slots__ = ["case_id", "deferred_reason", "no_consensus_note", "number", "record", "resolution", "topic"]
    CASE_ID_FIELD_NUMBER: _ClassVar[int]
    DEFERRED_REASON_FIELD_NUMBER: _ClassVar[int]
    NO_CONSENSUS_NOTE_FIELD_NUMBER: _ClassVar[int]
    NUMBER_FIELD_NUMBER: _ClassVar[int]
    RECORD_FIELD_NUMBER: _ClassVar[int]
    RESOLUTION_FIELD_NUMBER: _ClassVar[int]
    TOPIC_FIELD_NUMBER: _ClassVar[int]
    case_id: str
    deferred_reason: str
    no_consensus_note: str
    number: int
    record: ItemRecord
    resolution: MeetingResolution
    topic: str
    def __init__(self, number: _Optional[int] = ..., case_id: _Optional[str] = ..., topic: _Optional[str] = ..., record: _Optional[_Union[ItemRecord, _Mapping]] = ..., resolution: _Optional[_Union[MeetingResolution, _Mapping]] = ..., deferred_reason: _Optional[str] = ..., no_consensus_note: _Optional[str] = ...) -> None: ...

class ApproveExtensionRequest(_message.Message):
    __slots__ = ["approver", "case_id", "expected_version", "message_to_submitter"]
    APPROVER_FIELD_NUMBER: _ClassVar[int]
    CASE_ID_FIELD_NUMBER: _ClassVar[int]
    EXPECTED_VERSION_FIELD_NUMBER: _ClassVar[int]
    MESSAGE_TO_SUBMITTER_FIELD_NUMBER: _ClassVar[int]
    approver: str
    case_id: str
    expected_version: int
    message_to_submitter: str
    def __init__(self, case_id: _Optional[str] = ..., expected_version: _Optional[int] = ..., approver: _Optional[str] = ..., message_to_submitter: _Optional[str] = ...) -> None: ...

class ApproveExtensionResponse(_message.Message):
    __slots__ = ["case"]
    CASE_FIELD_NUMBER: _ClassVar[int]
    case: Case
    def __init__(self, case: _Optional[_Union[Case, _Mapping]] = ...) -> None: ...

class Attendance(_message.Message):
    __slots__ = ["meetings_attended", "meetings_held", "person"]
    MEETINGS_ATTENDED_FIELD_NUMBER: _ClassVar[int]
    MEETINGS_HELD_FIELD_NUMBER: _ClassVar[int]
    PERSON_FIELD_NUMBER: _ClassVar[int]
    meetings_attended: int
    meetings_held: int
    person: str
    def __init__(self, person: _Optional[str] = ..., meetings_held: _Optional[int] = ..., meetings_attended: _Optional[int] = ...) -> None: ...

class Building(_message.Message):
    __slots__ = ["code", "compound", "name"]
    CODE_FIELD_NUMBER: _ClassVar[int]
    COMPOUND_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    code: str
    compound: str
    name: str
    def __init__(self, code: _Optional[str] = ..., name: _Optional[str] = ..., compound: _Optional[str] = ...) -> None: ...

class CadenceLapse(_message.Message):
    __slots__ = ["holder", "link", "missing", "target"]
    HOLDER_FIELD_NUMBER: _ClassVar[int]
    LINK_FIELD_NUMBER: _ClassVar[int]
    MISSING_FIELD_NUMBER: _ClassVar[int]
    TARGET_FIELD_NUMBER: _ClassVar[int]
    holder: str
    link: str
    missing: str
    target: str
    def __init__(self, link: _Optional[str] = ..., holder: _Optional[str] = ..., target: _Optional[str] = ..., missing: _Optional[str] = ...) -> None: ...

class Call(_message.Message):
    __slots__ = ["accept", "add_account", "add_progress", "add_to_agenda", "approve_extension", "call_id", "cancel_meeting", "check_health", "close", "close_unrated", "commend", "decline", "deny_extension", "discard_dead_letter", "dispatch", "end_link", "establish_link", "evaluate", "export_cases", "export_scorecards", "find_cases", "get_annual_assessment", "get_attendance", "get_case", "get_coverage", "get_history", "get_meeting", "get_notification_progress", "get_public_notice", "get_scorecard", "get_server_info", "handle_locally", "hold_meeting", "issue_key", "list_account_changes", "list_accounts", "list_cadence_lapses", "list_categories", "list_changes", "list_commendations", "list_communities", "list_dead_letters", "list_elections", "list_links", "list_meeting_cadence_gaps", "list_meetings", "list_people", "list_representatives", "list_sign_in_failures", "list_units", "list_visits", "load_directory", "locate_grid_cell", "log_visit", "merge", "metadata", "raise_case_on_visit", "record_deliberation_outcome", "record_election", "record_feedback", "refer", "replay_dead_letter", "request_extension", "reschedule_meeting", "resolve", "return_case", "revoke_key", "rework", "rotate_key", "schedule_deliberation", "schedule_meeting", "set_account_disabled", "set_account_roles", "submit", "timeout_ms", "verify", "watch_events", "withdraw"]
    ACCEPT_FIELD_NUMBER: _ClassVar[int]
    ADD_ACCOUNT_FIELD_NUMBER: _ClassVar[int]
    ADD_PROGRESS_FIELD_NUMBER: _ClassVar[int]
    ADD_TO_AGENDA_FIELD_NUMBER: _ClassVar[int]
    APPROVE_EXTENSION_FIELD_NUMBER: _ClassVar[int]
    CALL_ID_FIELD_NUMBER: _ClassVar[int]
    CANCEL_MEETING_FIELD_NUMBER: _ClassVar[int]
    CHECK_HEALTH_FIELD_NUMBER: _ClassVar[int]
    CLOSE_FIELD_NUMBER: _ClassVar[int]
    CLOSE_UNRATED_FIELD_NUMBER: _ClassVar[int]
    COMMEND_FIELD_NUMBER: _ClassVar[int]
    DECLINE_FIELD_NUMBER: _ClassVar[int]
    DENY_EXTENSION_FIELD_NUMBER: _ClassVar[int]
    DISCARD_DEAD_LETTER_FIELD_NUMBER: _ClassVar[int]
    DISPATCH_FIELD_NUMBER: _ClassVar[int]
    END_LINK_FIELD_NUMBER: _ClassVar[int]
    ESTABLISH_LINK_FIELD_NUMBER: _ClassVar[int]
    EVALUATE_FIELD_NUMBER: _ClassVar[int]
    EXPORT_CASES_FIELD_NUMBER: _ClassVar[int]
    EXPORT_SCORECARDS_FIELD_NUMBER: _ClassVar[int]
    FIND_CASES_FIELD_NUMBER: _ClassVar[int]
    GET_ANNUAL_ASSESSMENT_FIELD_NUMBER: _ClassVar[int]
    GET_ATTENDANCE_FIELD_NUMBER: _ClassVar[int]
    GET_CASE_FIELD_NUMBER: _ClassVar[int]
    GET_COVERAGE_FIELD_NUMBER: _ClassVar[int]
    GET_HISTORY_FIELD_NUMBER: _ClassVar[int]
    GET_MEETING_FIELD_NUMBER: _ClassVar[int]
    GET_NOTIFICATION_PROGRESS_FIELD_NUMBER: _ClassVar[int]
    GET_PUBLIC_NOTICE_FIELD_NUMBER: _ClassVar[int]
    GET_SCORECARD_FIELD_NUMBER: _ClassVar[int]
    GET_SERVER_INFO_FIELD_NUMBER: _ClassVar[int]
    HANDLE_LOCALLY_FIELD_NUMBER: _ClassVar[int]
    HOLD_MEETING_FIELD_NUMBER: _ClassVar[int]
    ISSUE_KEY_FIELD_NUMBER: _ClassVar[int]
    LIST_ACCOUNTS_FIELD_NUMBER: _ClassVar[int]
    LIST_ACCOUNT_CHANGES_FIELD_NUMBER: _ClassVar[int]
    LIST_CADENCE_LAPSES_FIELD_NUMBER: _ClassVar[int]
    LIST_CATEGORIES_FIELD_NUMBER: _ClassVar[int]
    LIST_CHANGES_FIELD_NUMBER: _ClassVar[int]
    LIST_COMMENDATIONS_FIELD_NUMBER: _ClassVar[int]
    LIST_COMMUNITIES_FIELD_NUMBER: _ClassVar[int]
    LIST_DEAD_LETTERS_FIELD_NUMBER: _ClassVar[int]
    LIST_ELECTIONS_FIELD_NUMBER: _ClassVar[int]
    LIST_LINKS_FIELD_NUMBER: _ClassVar[int]
    LIST_MEETINGS_FIELD_NUMBER: _ClassVar[int]
    LIST_MEETING_CADENCE_GAPS_FIELD_NUMBER: _ClassVar[int]
    LIST_PEOPLE_FIELD_NUMBER: _ClassVar[int]
    LIST_REPRESENTATIVES_FIELD_NUMBER: _ClassVar[int]
    LIST_SIGN_IN_FAILURES_FIELD_NUMBER: _ClassVar[int]
    LIST_UNITS_FIELD_NUMBER: _ClassVar[int]
    LIST_VISITS_FIELD_NUMBER: _ClassVar[int]
    LOAD_DIRECTORY_FIELD_NUMBER: _ClassVar[int]
    LOCATE_GRID_CELL_FIELD_NUMBER: _ClassVar[int]
    LOG_VISIT_FIELD_NUMBER: _ClassVar[int]
    MERGE_FIELD_NUMBER: _ClassVar[int]
    METADATA_FIELD_NUMBER: _ClassVar[int]
    RAISE_CASE_ON_VISIT_FIELD_NUMBER: _ClassVar[int]
    RECORD_DELIBERATION_OUTCOME_FIELD_NUMBER: _ClassVar[int]
    RECORD_ELECTION_FIELD_NUMBER: _ClassVar[int]
    RECORD_FEEDBACK_FIELD_NUMBER: _ClassVar[int]
    REFER_FIELD_NUMBER: _ClassVar[int]
    REPLAY_DEAD_LETTER_FIELD_NUMBER: _ClassVar[int]
    REQUEST_EXTENSION_FIELD_NUMBER: _ClassVar[int]
    RESCHEDULE_MEETING_FIELD_NUMBER: _ClassVar[int]
    RESOLVE_FIELD_NUMBER: _ClassVar[int]
    RETURN_CASE_FIELD_NUMBER: _ClassVar[int]
    REVOKE_KEY_FIELD_NUMBER: _ClassVar[int]
    REWORK_FIELD_NUMBER: _ClassVar[int]
    ROTATE_KEY_FIELD_NUMBER: _ClassVar[int]
    SCHEDULE_DELIBERATION_FIELD_NUMBER: _ClassVar[int]
    SCHEDULE_MEETING_FIELD_NUMBER: _ClassVar[int]
    SET_ACCOUNT_DISABLED_FIELD_NUMBER: _ClassVar[int]
    SET_ACCOUNT_ROLES_FIELD_NUMBER: _ClassVar[int]
    SUBMIT_FIELD_NUMBER: _ClassVar[int]
    TIMEOUT_MS_FIELD_NUMBER: _ClassVar[int]
    VERIFY_FIELD_NUMBER: _ClassVar[int]
    WATCH_EVENTS_FIELD_NUMBER: _ClassVar[int]
    WITHDRAW_FIELD_NUMBER: _ClassVar[int]
    accept: AcceptRequest
    add_account: AddAccountRequest
    add_progress: AddProgressRequest
    add_to_agenda: AddToAgendaRequest
    approve_extension: ApproveExtensionRequest
    call_id: int
    cancel_meeting: CancelMeetingRequest
    check_health: CheckHealthRequest
    close: CloseRequest
    close_unrated: CloseUnratedRequest
    commend: CommendRequest
    decline: DeclineRequest
    deny_extension: DenyExtensionRequest
    discard_dead_letter: DiscardDeadLetterRequest
    dispatch: DispatchRequest
    end_link: EndLinkRequest
    establish_link: EstablishLinkRequest
    evaluate: EvaluateRequest
    export_cases: ExportCasesRequest
    export_scorecards: ExportScorecardsRequest
    find_cases: FindCasesRequest
    get_annual_assessment: GetAnnualAssessmentRequest
    get_attendance: GetAttendanceRequest
    get_case: GetCaseRequest
    get_coverage: GetCoverageRequest
    get_history: GetHistoryRequest
    get_meeting: GetMeetingRequest
    get_notification_progress: GetNotificationProgressRequest
    get_public_notice: GetPublicNoticeRequest
    get_scorecard: GetScorecardRequest
    get_server_info: GetServerInfoRequest
    handle_locally: HandleLocallyRequest
    hold_meeting: HoldMeetingRequest
    issue_key: IssueKeyRequest
    list_account_changes: ListAccountChangesRequest
    list_accounts: ListAccountsRequest
    list_cadence_lapses: ListCadenceLapsesRequest
    list_categories: ListCategoriesRequest
    list_changes: ListChangesRequest
    list_commendations: ListCommendationsRequest
    list_communities: ListCommunitiesRequest
    list_dead_letters: ListDeadLettersRequest
    list_elections: ListElectionsRequest
    list_links: ListLinksRequest
    list_meeting_cadence_gaps: ListMeetingCadenceGapsRequest
    list_meetings: ListMeetingsRequest
    list_people: ListPeopleRequest
    list_representatives: ListRepresentativesRequest
    list_sign_in_failures: ListSignInFailuresRequest
    list_units: ListUnitsRequest
    list_visits: ListVisitsRequest
    load_directory: LoadDirectoryRequest
    locate_grid_cell: LocateGridCellRequest
    log_visit: LogVisitRequest
    merge: MergeRequest
    metadata: CallMetadata
    raise_case_on_visit: RaiseCaseOnVisitRequest
    record_deliberation_outcome: RecordDeliberationOutcomeRequest
    record_election: RecordElectionRequest
    record_feedback: RecordFeedbackRequest
    refer: ReferRequest
    replay_dead_letter: ReplayDeadLetterRequest
    request_extension: RequestExtensionRequest
    reschedule_meeting: RescheduleMeetingRequest
    resolve: ResolveRequest
    return_case: ReturnCaseRequest
    revoke_key: RevokeKeyRequest
    rework: ReworkRequest
    rotate_key: RotateKeyRequest
    schedule_deliberation: ScheduleDeliberationRequest
    schedule_meeting: ScheduleMeetingRequest
    set_account_disabled: SetAccountDisabledRequest
    set_account_roles: SetAccountRolesRequest
    submit: SubmitRequest
    timeout_ms: int
    verify: VerifyRequest
    watch_events: WatchEventsRequest
    withdraw: WithdrawRequest
    def __init__(self, call_id: _Optional[int] = ..., timeout_ms: _Optional[int] = ..., metadata: _Optional[_Union[CallMetadata, _Mapping]] = ..., get_server_info: _Optional[_Union[GetServerInfoRequest, _Mapping]] = ..., check_health: _Optional[_Union[CheckHealthRequest, _Mapping]] = ..., list_communities: _Optional[_Union[ListCommunitiesRequest, _Mapping]] = ..., locate_grid_cell: _Optional[_Union[LocateGridCellRequest, _Mapping]] = ..., list_units: _Optional[_Union[ListUnitsRequest, _Mapping]] = ..., list_people: _Optional[_Union[ListPeopleRequest, _Mapping]] = ..., list_categories: _Optional[_Union[ListCategoriesRequest, _Mapping]] = ..., get_case: _Optional[_Union[GetCaseRequest, _Mapping]] = ..., get_history: _Optional[_Union[GetHistoryRequest, _Mapping]] = ..., find_cases: _Optional[_Union[FindCasesRequest, _Mapping]] = ..., list_changes: _Optional[_Union[ListChangesRequest, _Mapping]] = ..., watch_events: _Optional[_Union[WatchEventsRequest, _Mapping]] = ..., submit: _Optional[_Union[SubmitRequest, _Mapping]] = ..., accept: _Optional[_Union[AcceptRequest, _Mapping]] = ..., decline: _Optional[_Union[DeclineRequest, _Mapping]] = ..., refer: _Optional[_Union[ReferRequest, _Mapping]] = ..., dispatch: _Optional[_Union[DispatchRequest, _Mapping]] = ..., handle_locally: _Optional[_Union[HandleLocallyRequest, _Mapping]] = ..., return_case: _Optional[_Union[ReturnCaseRequest, _Mapping]] = ..., merge: _Optional[_Union[MergeRequest, _Mapping]] = ..., schedule_deliberation: _Optional[_Union[ScheduleDeliberationRequest, _Mapping]] = ..., record_deliberation_outcome: _Optional[_Union[RecordDeliberationOutcomeRequest, _Mapping]] = ..., add_progress: _Optional[_Union[AddProgressRequest, _Mapping]] = ..., request_extension: _Optional[_Union[RequestExtensionRequest, _Mapping]] = ..., approve_extension: _Optional[_Union[ApproveExtensionRequest, _Mapping]] = ..., deny_extension: _Optional[_Union[DenyExtensionRequest, _Mapping]] = ..., resolve: _Optional[_Union[ResolveRequest, _Mapping]] = ..., record_feedback: _Optional[_Union[RecordFeedbackRequest, _Mapping]] = ..., evaluate: _Optional[_Union[EvaluateRequest, _Mapping]] = ..., rework: _Optional[_Union[ReworkRequest, _Mapping]] = ..., verify: _Optional[_Union[VerifyRequest, _Mapping]] = ..., close: _Optional[_Union[CloseRequest, _Mapping]] = ..., withdraw: _Optional[_Union[WithdrawRequest, _Mapping]] = ..., close_unrated: _Optional[_Union[CloseUnratedRequest, _Mapping]] = ..., schedule_meeting: _Optional[_Union[ScheduleMeetingRequest, _Mapping]] = ..., add_to_agenda: _Optional[_Union[AddToAgendaRequest, _Mapping]] = ..., reschedule_meeting: _Optional[_Union[RescheduleMeetingRequest, _Mapping]] = ..., cancel_meeting: _Optional[_Union[CancelMeetingRequest, _Mapping]] = ..., hold_meeting: _Optional[_Union[HoldMeetingRequest, _Mapping]] = ..., get_meeting: _Optional[_Union[GetMeetingRequest, _Mapping]] = ..., list_meetings: _Optional[_Union[ListMeetingsRequest, _Mapping]] = ..., get_public_notice: _Optional[_Union[GetPublicNoticeRequest, _Mapping]] = ..., list_meeting_cadence_gaps: _Optional[_Union[ListMeetingCadenceGapsRequest, _Mapping]] = ..., establish_link: _Optional[_Union[EstablishLinkRequest, _Mapping]] = ..., end_link: _Optional[_Union[EndLinkRequest, _Mapping]] = ..., log_visit: _Optional[_Union[LogVisitRequest, _Mapping]] = ..., raise_case_on_visit: _Optional[_Union[RaiseCaseOnVisitRequest, _Mapping]] = ..., list_links: _Optional[_Union[ListLinksRequest, _Mapping]] = ..., list_visits: _Optional[_Union[ListVisitsRequest, _Mapping]] = ..., get_coverage: _Optional[_Union[GetCoverageRequest, _Mapping]] = ..., list_cadence_lapses: _Optional[_Union[ListCadenceLapsesRequest, _Mapping]] = ..., record_election: _Optional[_Union[RecordElectionRequest, _Mapping]] = ..., list_elections: _Optional[_Union[ListElectionsRequest, _Mapping]] = ..., list_representatives: _Optional[_Union[ListRepresentativesRequest, _Mapping]] = ..., get_attendance: _Optional[_Union[GetAttendanceRequest, _Mapping]] = ..., commend: _Optional[_Union[CommendRequest, _Mapping]] = ..., list_commendations: _Optional[_Union[ListCommendationsRequest, _Mapping]] = ..., get_scorecard: _Optional[_Union[GetScorecardRequest, _Mapping]] = ..., get_annual_assessment: _Optional[_Union[GetAnnualAssessmentRequest, _Mapping]] = ..., export_cases: _Optional[_Union[ExportCasesRequest, _Mapping]] = ..., export_scorecards: _Optional[_Union[ExportScorecardsRequest, _Mapping]] = ..., load_directory: _Optional[_Union[LoadDirectoryRequest, _Mapping]] = ..., list_dead_letters: _Optional[_Union[ListDeadLettersRequest, _Mapping]] = ..., replay_dead_letter: _Optional[_Union[ReplayDeadLetterRequest, _Mapping]] = ..., discard_dead_letter: _Optional[_Union[DiscardDeadLetterRequest, _Mapping]] = ..., get_notification_progress: _Optional[_Union[GetNotificationProgressRequest, _Mapping]] = ..., add_account: _Optional[_Union[AddAccountRequest, _Mapping]] = ..., set_account_roles: _Optional[_Union[SetAccountRolesRequest, _Mapping]] = ..., set_account_disabled: _Optional[_Union[SetAccountDisabledRequest, _Mapping]] = ..., list_accounts: _Optional[_Union[ListAccountsRequest, _Mapping]] = ..., issue_key: _Optional[_Union[IssueKeyRequest, _Mapping]] = ..., rotate_key: _Optional[_Union[RotateKeyRequest, _Mapping]] = ..., revoke_key: _Optional[_Union[RevokeKeyRequest, _Mapping]] = ..., list_account_changes: _Optional[_Union[ListAccountChangesRequest, _Mapping]] = ..., list_sign_in_failures: _Optional[_Union[ListSignInFailuresRequest, _Mapping]] = ...) -> None: ...

class CallMetadata(_message.Message):
    __slots__ = ["acting_user", "idempotency_key", "trace_id"]
    ACTING_USER_FIELD_NUMBER: _ClassVar[int]
    IDEMPOTENCY_KEY_FIELD_NUMBER: _ClassVar[int]
    TRACE_ID_FIELD_NUMBER: _ClassVar[int]
    acting_user: str
    idempotency_key: str
    trace_id: str
    def __init__(self, trace_id: _Optional[str] = ..., idempotency_key: _Optional[str] = ..., acting_user: _Optional[str] = ...) -> None: ...

class Cancel(_message.Message):
    __slots__ = ["call_id"]
    CALL_ID_FIELD_NUMBER: _ClassVar[int]
    call_id: int
    def __init__(self, call_id: _Optional[int] = ...) -> None: ...

class CancelMeetingRequest(_message.Message):
    __slots__ = ["meeting", "reason"]
    MEETING_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    meeting: str
    reason: str
    def __init__(self, meeting: _Optional[str] = ..., reason: _Optional[str] = ...) -> None: ...

class CancelMeetingResponse(_message.Message):
    __slots__ = ["meeting"]
    MEETING_FIELD_NUMBER: _ClassVar[int]
    meeting: Meeting
    def __init__(self, meeting: _Optional[_Union[Meeting, _Mapping]] = ...) -> None: ...

class Candidate(_message.Message):
    __slots__ = ["person", "votes"]
    PERSON_FIELD_NUMBER: _ClassVar[int]
    VOTES_FIELD_NUMBER: _ClassVar[int]
    person: str
    votes: int
    def __init__(self, person: _Optional[str] = ..., votes: _Optional[int] = ...) -> None: ...

class CarriedOverCase(_message.Message):
    __slots__ = ["case_id", "meeting"]
    CASE_ID_FIELD_NUMBER: _ClassVar[int]
    MEETING_FIELD_NUMBER: _ClassVar[int]
    case_id: str
    meeting: str
    def __init__(self, case_id: _Optional[str] = ..., meeting: _Optional[str] = ...) -> None: ...

class Case(_message.Message):
    __slots__ = ["acceptance", "allowed_operations", "category", "closed_at", "closed_unrated", "closing_note", "community", "created_at", "current_due", "deadline_alerts", "deadline_state", "disposition", "evaluation", "evaluation_due", "extended_length", "extension_count", "failed_verification_count", "feedback", "handling_due", "handling_due_limit", "id", "master", "meetings", "number", "pending_extension", "priority", "referral", "requires_verification", "resolved_at", "resolved_on_time", "responded_at", "response_due", "responsible_unit", "result", "return_count", "rework_count", "status", "step", "submission", "submitter_disclosure", "updated_at", "verification", "version"]
    ACCEPTANCE_FIELD_NUMBER: _ClassVar[int]
    ALLOWED_OPERATIONS_FIELD_NUMBER: _ClassVar[int]
    CATEGORY_FIELD_NUMBER: _ClassVar[int]
    CLOSED_AT_FIELD_NUMBER: _ClassVar[int]
    CLOSED_UNRATED_FIELD_NUMBER: _ClassVar[int]
    CLOSING_NOTE_FIELD_NUMBER: _ClassVar[int]
    COMMUNITY_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    CURRENT_DUE_FIELD_NUMBER: _ClassVar[int]
    DEADLINE_ALERTS_FIELD_NUMBER: _ClassVar[int]
    DEADLINE_STATE_FIELD_NUMBER: _ClassVar[int]
    DISPOSITION_FIELD_NUMBER: _ClassVar[int]
    EVALUATION_DUE_FIELD_NUMBER: _ClassVar[int]
    EVALUATION_FIELD_NUMBER: _ClassVar[int]
    EXTENDED_LENGTH_FIELD_NUMBER: _ClassVar[int]
    EXTENSION_COUNT_FIELD_NUMBER: _ClassVar[int]
    FAILED_VERIFICATION_COUNT_FIELD_NUMBER: _ClassVar[int]
    FEEDBACK_FIELD_NUMBER: _ClassVar[int]
    HANDLING_DUE_FIELD_NUMBER: _ClassVar[int]
    HANDLING_DUE_LIMIT_FIELD_NUMBER: _ClassVar[int]
    ID_FIELD_NUMBER: _ClassVar[int]
    MASTER_FIELD_NUMBER: _ClassVar[int]
    MEETINGS_FIELD_NUMBER: _ClassVar[int]
    NUMBER_FIELD_NUMBER: _ClassVar[int]
    PENDING_EXTENSION_FIELD_NUMBER: _ClassVar[int]
    PRIORITY_FIELD_NUMBER: _ClassVar[int]
    REFERRAL_FIELD_NUMBER: _ClassVar[int]
    REQUIRES_VERIFICATION_FIELD_NUMBER: _ClassVar[int]
    RESOLVED_AT_FIELD_NUMBER: _ClassVar[int]
    RESOLVED_ON_TIME_FIELD_NUMBER: _ClassVar[int]
    RESPONDED_AT_FIELD_NUMBER: _ClassVar[int]
    RESPONSE_DUE_FIELD_NUMBER: _ClassVar[int]
    RESPONSIBLE_UNIT_FIELD_NUMBER: _ClassVar[int]
    RESULT_FIELD_NUMBER: _ClassVar[int]
    RETURN_COUNT_FIELD_NUMBER: _ClassVar[int]
    REWORK_COUNT_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    STEP_FIELD_NUMBER: _ClassVar[int]
    SUBMISSION_FIELD_NUMBER: _ClassVar[int]
    SUBMITTER_DISCLOSURE_FIELD_NUMBER: _ClassVar[int]
    UPDATED_AT_FIELD_NUMBER: _ClassVar[int]
    VERIFICATION_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    acceptance: Acceptance
    allowed_operations: _containers.RepeatedScalarFieldContainer[CaseOperation]
    category: str
    closed_at: int
    closed_unrated: bool
    closing_note: str
    community: str
    created_at: int
    current_due: int
    deadline_alerts: _containers.RepeatedCompositeFieldContainer[DeadlineAlert]
    deadline_state: DeadlineState
    disposition: Disposition
    evaluation: Evaluation
    evaluation_due: int
    extended_length: int
    extension_count: int
    failed_verification_count: int
    feedback: Feedback
    handling_due: int
    handling_due_limit: int
    id: str
    master: str
    meetings: _containers.RepeatedScalarFieldContainer[str]
    number: str
    pending_extension: ExtensionRequest
    priority: Priority
    referral: Referral
    requires_verification: bool
    resolved_at: int
    resolved_on_time: bool
    responded_at: int
    response_due: int
    responsible_unit: str
    result: HandlingResult
    return_count: int
    rework_count: int
    status: CaseStatus
    step: LoopStep
    submission: Submission
    submitter_disclosure: PersonalDataDisclosure
    updated_at: int
    verification: Verification
    version: int
    def __init__(self, id: _Optional[str] = ..., number: _Optional[str] = ..., version: _Optional[int] = ..., status: _Optional[_Union[CaseStatus, str]] = ..., submission: _Optional[_Union[Submission, _Mapping]] = ..., submitter_disclosure: _Optional[_Union[PersonalDataDisclosure, str]] = ..., community: _Optional[str] = ..., category: _Optional[str] = ..., priority: _Optional[_Union[Priority, str]] = ..., disposition: _Optional[_Union[Disposition, str]] = ..., responsible_unit: _Optional[str] = ..., master: _Optional[str] = ..., meetings: _Optional[_Iterable[str]] = ..., created_at: _Optional[int] = ..., updated_at: _Optional[int] = ..., response_due: _Optional[int] = ..., responded_at: _Optional[int] = ..., acceptance: _Optional[_Union[Acceptance, _Mapping]] = ..., handling_due: _Optional[int] = ..., pending_extension: _Optional[_Union[ExtensionRequest, _Mapping]] = ..., extension_count: _Optional[int] = ..., extended_length: _Optional[int] = ..., return_count: _Optional[int] = ..., result: _Optional[_Union[HandlingResult, _Mapping]] = ..., resolved_at: _Optional[int] = ..., resolved_on_time: bool = ..., feedback: _Optional[_Union[Feedback, _Mapping]] = ..., evaluation_due: _Optional[int] = ..., evaluation: _Optional[_Union[Evaluation, _Mapping]] = ..., rework_count: _Optional[int] = ..., requires_verification: bool = ..., verification: _Optional[_Union[Verification, _Mapping]] = ..., closing_note: _Optional[str] = ..., referral: _Optional[_Union[Referral, _Mapping]] = ..., closed_at: _Optional[int] = ..., closed_unrated: bool = ..., failed_verification_count: _Optional[int] = ..., handling_due_limit: _Optional[int] = ..., deadline_alerts: _Optional[_Iterable[_Union[DeadlineAlert, _Mapping]]] = ..., step: _Optional[_Union[LoopStep, str]] = ..., allowed_operations: _Optional[_Iterable[_Union[CaseOperation, str]]] = ..., deadline_state: _Optional[_Union[DeadlineState, str]] = ..., current_due: _Optional[int] = ...) -> None: ...

class CaseFailure(_message.Message):
    __slots__ = ["case_id", "status"]
    CASE_ID_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    case_id: str
    status: Status
    def __init__(self, case_id: _Optional[str] = ..., status: _Optional[_Union[Status, _Mapping]] = ...) -> None: ...

class CaseQuery(_message.Message):
    __slots__ = ["category", "community", "created_before", "created_from", "cursor", "due_before", "limit", "master", "order", "source", "statuses", "step", "text", "unit"]
    class Order(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
        __slots__ = []
    CATEGORY_FIELD_NUMBER: _ClassVar[int]
    COMMUNITY_FIELD_NUMBER: _ClassVar[int]
    CREATED_BEFORE_FIELD_NUMBER: _ClassVar[int]
    CREATED_FROM_FIELD_NUMBER: _ClassVar[int]
    CURSOR_FIELD_NUMBER: _ClassVar[int]
    DUE_BEFORE_FIELD_NUMBER: _ClassVar[int]
    LIMIT_FIELD_NUMBER: _ClassVar[int]
    MASTER_FIELD_NUMBER: _ClassVar[int]
    NEWEST_FIRST: CaseQuery.Order
    OLDEST_FIRST: CaseQuery.Order
    ORDER_FIELD_NUMBER: _ClassVar[int]
    ORDER_UNSPECIFIED: CaseQuery.Order
    SOURCE_FIELD_NUMBER: _ClassVar[int]
    STATUSES_FIELD_NUMBER: _ClassVar[int]
    STEP_FIELD_NUMBER: _ClassVar[int]
    TEXT_FIELD_NUMBER: _ClassVar[int]
    UNIT_FIELD_NUMBER: _ClassVar[int]
    category: str
    community: str
    created_before: int
    created_from: int
    cursor: str
    due_before: int
    limit: int
    master: str
    order: CaseQuery.Order
    source: CaseSource
    statuses: _containers.RepeatedScalarFieldContainer[CaseStatus]
    step: LoopStep
    text: str
    unit: str
    def __init__(self, community: _Optional[str] = ..., statuses: _Optional[_Iterable[_Union[CaseStatus, str]]] = ..., step: _Optional[_Union[LoopStep, str]] = ..., category: _Optional[str] = ..., source: _Optional[_Union[CaseSource, str]] = ..., unit: _Optional[str] = ..., due_before: _Optional[int] = ..., created_from: _Optional[int] = ..., created_before: _Optional[int] = ..., text: _Optional[str] = ..., master: _Optional[str] = ..., order: _Optional[_Union[CaseQuery.Order, str]] = ..., limit: _Optional[int] = ..., cursor: _Optional[str] = ...) -> None: ...

class Category(_message.Message):
    __slots__ = ["code", "name"]
    CODE_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    code: str
    name: str
    def __init__(self, code: _Optional[str] = ..., name: _Optional[str] = ...) -> None: ...

class CategoryInfo(_message.Message):
    __slots__ = ["category", "limits"]
    CATEGORY_FIELD_NUMBER: _ClassVar[int]
    LIMITS_FIELD_NUMBER: _ClassVar[int]
    category: Category
    limits: _containers.RepeatedCompositeFieldContainer[ResolvedTimeLimits]
    def __init__(self, category: _Optional[_Union[Category, _Mapping]] = ..., limits: _Optional[_Iterable[_Union[ResolvedTimeLimits, _Mapping]]] = ...) -> None: ...

class ChannelProgress(_message.Message):
    __slots__ = ["backlog", "channel", "handled_through", "pending_dead_letters"]
    BACKLOG_FIELD_NUMBER: _ClassVar[int]
    CHANNEL_FIELD_NUMBER: _ClassVar[int]
    HANDLED_THROUGH_FIELD_NUMBER: _ClassVar[int]
    PENDING_DEAD_LETTERS_FIELD_NUMBER: _ClassVar[int]
    backlog: int
    channel: str
    handled_through: int
    pending_dead_letters: int
    def __init__(self, channel: _Optional[str] = ..., handled_through: _Optional[int] = ..., backlog: _Optional[int] = ..., pending_dead_letters: _Optional[int] = ...) -> None: ...

class CheckHealthRequest(_message.Message):
    __slots__ = []
    def __init__(self) -> None: ...

class CheckHealthResponse(_message.Message):
    __slots__ = ["status"]
    class ServingStatus(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
        __slots__ = []
    DRAINING: CheckHealthResponse.ServingStatus
    NOT_SERVING: CheckHealthResponse.ServingStatus
    SERVING: CheckHealthResponse.ServingStatus
    SERVING_STATUS_UNSPECIFIED: CheckHealthResponse.ServingStatus
    STATUS_FIELD_NUMBER: _ClassVar[int]
    status: CheckHealthResponse.ServingStatus
    def __init__(self, status: _Optional[_Union[CheckHealthResponse.ServingStatus, str]] = ...) -> None: ...

class CloseRequest(_message.Message):
    __slots__ = ["case_id", "expected_version", "note"]
    CASE_ID_FIELD_NUMBER: _ClassVar[int]
    EXPECTED_VERSION_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    case_id: str
    expected_version: int
    note: str
    def __init__(self, case_id: _Optional[str] = ..., expected_version: _Optional[int] = ..., note: _Optional[str] = ...) -> None: ...

class CloseResponse(_message.Message):
    __slots__ = ["case"]
    CASE_FIELD_NUMBER: _ClassVar[int]
    case: Case
    def __init__(self, case: _Optional[_Union[Case, _Mapping]] = ...) -> None: ...

class CloseUnratedRequest(_message.Message):
    __slots__ = ["case_id", "expected_version"]
    CASE_ID_FIELD_NUMBER: _ClassVar[int]
    EXPECTED_VERSION_FIELD_NUMBER: _ClassVar[int]
    case_id: str
    expected_version: int
    def __init__(self, case_id: _Optional[str] = ..., expected_version: _Optional[int] = ...) -> None: ...

class CloseUnratedResponse(_message.Message):
    __slots__ = ["case"]
    CASE_FIELD_NUMBER: _ClassVar[int]
    case: Case
    def __init__(self, case: _Optional[_Union[Case, _Mapping]] = ...) -> None: ...

class ClosedChange(_message.Message):
    __slots__ = ["note"]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    note: str
    def __init__(self, note: _Optional[str] = ...) -> None: ...

class ClosedUnratedChange(_message.Message):
    __slots__ = []
    def __init__(self) -> None: ...

class CommendRequest(_message.Message):
    __slots__ = ["awarded_by", "community", "date", "person", "reason"]
    AWARDED_BY_FIELD_NUMBER: _ClassVar[int]
    COMMUNITY_FIELD_NUMBER: _ClassVar[int]
    DATE_FIELD_NUMBER: _ClassVar[int]
    PERSON_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    awarded_by: str
    community: str
    date: str
    person: str
    reason: str
    def __init__(self, person: _Optional[str] = ..., community: _Optional[str] = ..., reason: _Optional[str] = ..., date: _Optional[str] = ..., awarded_by: _Optional[str] = ...) -> None: ...

class CommendResponse(_message.Message):
    __slots__ = ["commendation"]
    COMMENDATION_FIELD_NUMBER: _ClassVar[int]
    commendation: Commendation
    def __init__(self, commendation: _Optional[_Union[Commendation, _Mapping]] = ...) -> None: ...

class Commendation(_message.Message):
    __slots__ = ["awarded_by", "community", "date", "id", "person", "reason"]
    AWARDED_BY_FIELD_NUMBER: _ClassVar[int]
    COMMUNITY_FIELD_NUMBER: _ClassVar[int]
    DATE_FIELD_NUMBER: _ClassVar[int]
    ID_FIELD_NUMBER: _ClassVar[int]
    PERSON_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    awarded_by: str
    community: str
    date: str
    id: str
    person: str
    reason: str
    def __init__(self, id: _Optional[str] = ..., person: _Optional[str] = ..., community: _Optional[str] = ..., reason: _Optional[str] = ..., date: _Optional[str] = ..., awarded_by: _Optional[str] = ...) -> None: ...

class Community(_message.Message):
    __slots__ = ["code", "name", "street"]
    CODE_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    STREET_FIELD_NUMBER: _ClassVar[int]
    code: str
    name: str
    street: str
    def __init__(self, code: _Optional[str] = ..., name: _Optional[str] = ..., street: _Optional[str] = ...) -> None: ...

class Compound(_message.Message):
    __slots__ = ["code", "community", "name", "property_company"]
    CODE_FIELD_NUMBER: _ClassVar[int]
    COMMUNITY_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    PROPERTY_COMPANY_FIELD_NUMBER: _ClassVar[int]
    code: str
    community: str
    name: str
    property_company: str
    def __init__(self, code: _Optional[str] = ..., name: _Optional[str] = ..., community: _Optional[str] = ..., property_company: _Optional[str] = ...) -> None: ...

class Contribution(_message.Message):
    __slots__ = ["measure", "points", "weight"]
    MEASURE_FIELD_NUMBER: _ClassVar[int]
    POINTS_FIELD_NUMBER: _ClassVar[int]
    WEIGHT_FIELD_NUMBER: _ClassVar[int]
    measure: Measure
    points: float
    weight: float
    def __init__(self, measure: _Optional[_Union[Measure, _Mapping]] = ..., weight: _Optional[float] = ..., points: _Optional[float] = ...) -> None: ...

class Credential(_message.Message):
    __slots__ = ["bearer_token"]
    BEARER_TOKEN_FIELD_NUMBER: _ClassVar[int]
    bearer_token: str
    def __init__(self, bearer_token: _Optional[str] = ...) -> None: ...

class DeadLetter(_message.Message):
    __slots__ = ["attempts", "case_id", "case_number", "channel", "community", "created_at", "id", "last_error", "note", "permanent", "recipient_id", "recipient_kind", "sequence", "state", "topic", "updated_at"]
    ATTEMPTS_FIELD_NUMBER: _ClassVar[int]
    CASE_ID_FIELD_NUMBER: _ClassVar[int]
    CASE_NUMBER_FIELD_NUMBER: _ClassVar[int]
    CHANNEL_FIELD_NUMBER: _ClassVar[int]
    COMMUNITY_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    ID_FIELD_NUMBER: _ClassVar[int]
    LAST_ERROR_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    PERMANENT_FIELD_NUMBER: _ClassVar[int]
    RECIPIENT_ID_FIELD_NUMBER: _ClassVar[int]
    RECIPIENT_KIND_FIELD_NUMBER: _ClassVar[int]
    SEQUENCE_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    TOPIC_FIELD_NUMBER: _ClassVar[int]
    UPDATED_AT_FIELD_NUMBER: _ClassVar[int]
    attempts: int
    case_id: str
    case_number: str
    channel: str
    community: str
    created_at: int
    id: str
    last_error: str
    note: str
    permanent: bool
    recipient_id: str
    recipient_kind: str
    sequence: int
    state: DeadLetterState
    topic: str
    updated_at: int
    def __init__(self, id: _Optional[str] = ..., channel: _Optional[str] = ..., sequence: _Optional[int] = ..., case_id: _Optional[str] = ..., case_number: _Optional[str] = ..., community: _Optional[str] = ..., topic: _Optional[str] = ..., recipient_kind: _Optional[str] = ..., recipient_id: _Optional[str] = ..., attempts: _Optional[int] = ..., last_error: _Optional[str] = ..., permanent: bool = ..., created_at: _Optional[int] = ..., updated_at: _Optional[int] = ..., state: _Optional[_Union[DeadLetterState, str]] = ..., note: _Optional[str] = ...) -> None: ...

class DeadLetterResponse(_message.Message):
    __slots__ = ["dead_letter"]
    DEAD_LETTER_FIELD_NUMBER: _ClassVar[int]
    dead_letter: DeadLetter
    def __init__(self, dead_letter: _Optional[_Union[DeadLetter, _Mapping]] = ...) -> None: ...

class DeadlineAlert(_message.Message):
    __slots__ = ["clock", "due", "level"]
    CLOCK_FIELD_NUMBER: _ClassVar[int]
    DUE_FIELD_NUMBER: _ClassVar[int]
    LEVEL_FIELD_NUMBER: _ClassVar[int]
    clock: DeadlineClock
    due: int
    level: DeadlineAlertLevel
    def __init__(self, level: _Optional[_Union[DeadlineAlertLevel, str]] = ..., clock: _Optional[_Union[DeadlineClock, str]] = ..., due: _Optional[int] = ...) -> None: ...

class DeclineRequest(_message.Message):
    __slots__ = ["case_id", "expected_version", "reason"]
    CASE_ID_FIELD_NUMBER: _ClassVar[int]
    EXPECTED_VERSION_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    case_id: str
    expected_version: int
    reason: str
    def __init__(self, case_id: _Optional[str] = ..., expected_version: _Optional[int] = ..., reason: _Optional[str] = ...) -> None: ...

class DeclineResponse(_message.Message):
    __slots__ = ["case"]
    CASE_FIELD_NUMBER: _ClassVar[int]
    case: Case
    def __init__(self, case: _Optional[_Union[Case, _Mapping]] = ...) -> None: ...

class DeclinedChange(_message.Message):
    __slots__ = ["reason"]
    REASON_FIELD_NUMBER: _ClassVar[int]
    reason: str
    def __init__(self, reason: _Optional[str] = ...) -> None: ...

class DeliberationRecord(_message.Message):
    __slots__ = ["deferred_reason", "meeting", "no_consensus_note", "resolution", "summary"]
    DEFERRED_REASON_FIELD_NUMBER: _ClassVar[int]
    MEETING_FIELD_NUMBER: _ClassVar[int]
    NO_CONSENSUS_NOTE_FIELD_NUMBER: _ClassVar[int]
    RESOLUTION_FIELD_NUMBER: _ClassVar[int]
    SUMMARY_FIELD_NUMBER: _ClassVar[int]
    deferred_reason: str
    meeting: str
    no_consensus_note: str
    resolution: MeetingResolution
    summary: str
    def __init__(self, meeting: _Optional[str] = ..., summary: _Optional[str] = ..., resolution: _Optional[_Union[MeetingResolution, _Mapping]] = ..., deferred_reason: _Optional[str] = ..., no_consensus_note: _Optional[str] = ...) -> None: ...

class DenyExtensionRequest(_message.Message):
    __slots__ = ["approver", "case_id", "expected_version", "reason"]
    APPROVER_FIELD_NUMBER: _ClassVar[int]
    CASE_ID_FIELD_NUMBER: _ClassVar[int]
    EXPECTED_VERSION_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    approver: str
    case_id: str
    expected_version: int
    reason: str
    def __init__(self, case_id: _Optional[str] = ..., expected_version: _Optional[int] = ..., approver: _Optional[str] = ..., reason: _Optional[str] = ...) -> None: ...

class DenyExtensionResponse(_message.Message):
    __slots__ = ["case"]
    CASE_FIELD_NUMBER: _ClassVar[int]
    case: Case
    def __init__(self, case: _Optional[_Union[Case, _Mapping]] = ...) -> None: ...

class DiscardDeadLetterRequest(_message.Message):
    __slots__ = ["id", "note"]
    ID_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    id: str
    note: str
    def __init__(self, id: _Optional[str] = ..., note: _Optional[str] = ...) -> None: ...

class Dispatch(_message.Message):
    __slots__ = ["due", "instructions", "unit"]
    DUE_FIELD_NUMBER: _ClassVar[int]
    INSTRUCTIONS_FIELD_NUMBER: _ClassVar[int]
    UNIT_FIELD_NUMBER: _ClassVar[int]
    due: int
    instructions: str
    unit: str
    def __init__(self, unit: _Optional[str] = ..., due: _Optional[int] = ..., instructions: _Optional[str] = ...) -> None: ...

class DispatchRequest(_message.Message):
    __slots__ = ["case_id", "due", "expected_version", "instructions", "unit"]
    CASE_ID_FIELD_NUMBER: _ClassVar[int]
    DUE_FIELD_NUMBER: _ClassVar[int]
    EXPECTED_VERSION_FIELD_NUMBER: _ClassVar[int]
    INSTRUCTIONS_FIELD_NUMBER: _ClassVar[int]
    UNIT_FIELD_NUMBER: _ClassVar[int]
    case_id: str
    due: int
    expected_version: int
    instructions: str
    unit: str
    def __init__(self, case_id: _Optional[str] = ..., expected_version: _Optional[int] = ..., unit: _Optional[str] = ..., due: _Optional[int] = ..., instructions: _Optional[str] = ...) -> None: ...

class DispatchResponse(_message.Message):
    __slots__ = ["case"]
    CASE_FIELD_NUMBER: _ClassVar[int]
    case: Case
    def __init__(self, case: _Optional[_Union[Case, _Mapping]] = ...) -> None: ...

class District(_message.Message):
    __slots__ = ["code", "name"]
    CODE_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    code: str
    name: str
    def __init__(self, code: _Optional[str] = ..., name: _Optional[str] = ...) -> None: ...

class Election(_message.Message):
    __slots__ = ["candidates", "community", "date", "elected", "id", "method", "term_end", "term_start"]
    CANDIDATES_FIELD_NUMBER: _ClassVar[int]
    COMMUNITY_FIELD_NUMBER: _ClassVar[int]
    DATE_FIELD_NUMBER: _ClassVar[int]
    ELECTED_FIELD_NUMBER: _ClassVar[int]
    ID_FIELD_NUMBER: _ClassVar[int]
    METHOD_FIELD_NUMBER: _ClassVar[int]
    TERM_END_FIELD_NUMBER: _ClassVar[int]
    TERM_START_FIELD_NUMBER: _ClassVar[int]
    candidates: _containers.RepeatedCompositeFieldContainer[Candidate]
    community: str
    date: str
    elected: _containers.RepeatedScalarFieldContainer[str]
    id: str
    method: ElectionMethod
    term_end: str
    term_start: str
    def __init__(self, id: _Optional[str] = ..., community: _Optional[str] = ..., date: _Optional[str] = ..., method: _Optional[_Union[ElectionMethod, str]] = ..., candidates: _Optional[_Iterable[_Union[Candidate, _Mapping]]] = ..., elected: _Optional[_Iterable[str]] = ..., term_start: _Optional[str] = ..., term_end: _Optional[str] = ...) -> None: ...

class EndLinkRequest(_message.Message):
    __slots__ = ["day", "link"]
    DAY_FIELD_NUMBER: _ClassVar[int]
    LINK_FIELD_NUMBER: _ClassVar[int]
    day: str
    link: str
    def __init__(self, link: _Optional[str] = ..., day: _Optional[str] = ...) -> None: ...

class EndLinkResponse(_message.Message):
    __slots__ = ["link"]
    LINK_FIELD_NUMBER: _ClassVar[int]
    link: Link
    def __init__(self, link: _Optional[_Union[Link, _Mapping]] = ...) -> None: ...

class EstablishLinkRequest(_message.Message):
    __slots__ = ["holder", "kind", "start", "target"]
    HOLDER_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    START_FIELD_NUMBER: _ClassVar[int]
    TARGET_FIELD_NUMBER: _ClassVar[int]
    holder: str
    kind: LinkKind
    start: str
    target: str
    def __init__(self, kind: _Optional[_Union[LinkKind, str]] = ..., holder: _Optional[str] = ..., target: _Optional[str] = ..., start: _Optional[str] = ...) -> None: ...

class EstablishLinkResponse(_message.Message):
    __slots__ = ["link"]
    LINK_FIELD_NUMBER: _ClassVar[int]
    link: Link
    def __init__(self, link: _Optional[_Union[Link, _Mapping]] = ...) -> None: ...

class EvaluateRequest(_message.Message):
    __slots__ = ["case_id", "evaluation", "expected_version"]
    CASE_ID_FIELD_NUMBER: _ClassVar[int]
    EVALUATION_FIELD_NUMBER: _ClassVar[int]
    EXPECTED_VERSION_FIELD_NUMBER: _ClassVar[int]
    case_id: str
    evaluation: Evaluation
    expected_version: int
    def __init__(self, case_id: _Optional[str] = ..., expected_version: _Optional[int] = ..., evaluation: _Optional[_Union[Evaluation, _Mapping]] = ...) -> None: ...

class EvaluateResponse(_message.Message):
    __slots__ = ["case"]
    CASE_FIELD_NUMBER: _ClassVar[int]
    case: Case
    def __init__(self, case: _Optional[_Union[Case, _Mapping]] = ...) -> None: ...

class Evaluation(_message.Message):
    __slots__ = ["comment", "rating", "solved"]
    COMMENT_FIELD_NUMBER: _ClassVar[int]
    RATING_FIELD_NUMBER: _ClassVar[int]
    SOLVED_FIELD_NUMBER: _ClassVar[int]
    comment: str
    rating: Rating
    solved: bool
    def __init__(self, rating: _Optional[_Union[Rating, str]] = ..., solved: bool = ..., comment: _Optional[str] = ...) -> None: ...

class Event(_message.Message):
    __slots__ = ["accepted", "case_id", "case_number", "closed", "closed_unrated", "deadline_alert", "declined", "deliberated", "dispatched", "evaluated", "extension_approved", "extension_denied", "extension_requested", "feedback_recorded", "handled_locally", "merged", "occurred_at", "principal", "progress_added", "referred", "resolved", "returned", "rework_started", "scheduled_for_deliberation", "sequence", "submitted", "verified", "version", "withdrawn"]
    ACCEPTED_FIELD_NUMBER: _ClassVar[int]
    CASE_ID_FIELD_NUMBER: _ClassVar[int]
    CASE_NUMBER_FIELD_NUMBER: _ClassVar[int]
    CLOSED_FIELD_NUMBER: _ClassVar[int]
    CLOSED_UNRATED_FIELD_NUMBER: _ClassVar[int]
    DEADLINE_ALERT_FIELD_NUMBER: _ClassVar[int]
    DECLINED_FIELD_NUMBER: _ClassVar[int]
    DELIBERATED_FIELD_NUMBER: _ClassVar[int]
    DISPATCHED_FIELD_NUMBER: _ClassVar[int]
    EVALUATED_FIELD_NUMBER: _ClassVar[int]
    EXTENSION_APPROVED_FIELD_NUMBER: _ClassVar[int]
    EXTENSION_DENIED_FIELD_NUMBER: _ClassVar[int]
    EXTENSION_REQUESTED_FIELD_NUMBER: _ClassVar[int]
    FEEDBACK_RECORDED_FIELD_NUMBER: _ClassVar[int]
    HANDLED_LOCALLY_FIELD_NUMBER: _ClassVar[int]
    MERGED_FIELD_NUMBER: _ClassVar[int]
    OCCURRED_AT_FIELD_NUMBER: _ClassVar[int]
    PRINCIPAL_FIELD_NUMBER: _ClassVar[int]
    PROGRESS_ADDED_FIELD_NUMBER: _ClassVar[int]
    REFERRED_FIELD_NUMBER: _ClassVar[int]
    RESOLVED_FIELD_NUMBER: _ClassVar[int]
    RETURNED_FIELD_NUMBER: _ClassVar[int]
    REWORK_STARTED_FIELD_NUMBER: _ClassVar[int]
    SCHEDULED_FOR_DELIBERATION_FIELD_NUMBER: _ClassVar[int]
    SEQUENCE_FIELD_NUMBER: _ClassVar[int]
    SUBMITTED_FIELD_NUMBER: _ClassVar[int]
    VERIFIED_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    WITHDRAWN_FIELD_NUMBER: _ClassVar[int]
    accepted: Acceptance
    case_id: str
    case_number: str
    closed: ClosedChange
    closed_unrated: ClosedUnratedChange
    deadline_alert: DeadlineAlert
    declined: DeclinedChange
    deliberated: DeliberationRecord
    dispatched: Dispatch
    evaluated: Evaluation
    extension_approved: ExtensionApproval
    extension_denied: ExtensionDenial
    extension_requested: ExtensionRequest
    feedback_recorded: FeedbackRecordedChange
    handled_locally: HandledLocallyChange
    merged: MergedChange
    occurred_at: int
    principal: Principal
    progress_added: ProgressAddedChange
    referred: Referral
    resolved: HandlingResult
    returned: ReturnedChange
    rework_started: ReworkStartedChange
    scheduled_for_deliberation: ScheduledForDeliberationChange
    sequence: int
    submitted: SubmittedChange
    verified: VerifiedChange
    version: int
    withdrawn: WithdrawnChange
    def __init__(self, sequence: _Optional[int] = ..., case_id: _Optional[str] = ..., version: _Optional[int] = ..., occurred_at: _Optional[int] = ..., principal: _Optional[_Union[Principal, _Mapping]] = ..., case_number: _Optional[str] = ..., submitted: _Optional[_Union[SubmittedChange, _Mapping]] = ..., accepted: _Optional[_Union[Acceptance, _Mapping]] = ..., declined: _Optional[_Union[DeclinedChange, _Mapping]] = ..., referred: _Optional[_Union[Referral, _Mapping]] = ..., dispatched: _Optional[_Union[Dispatch, _Mapping]] = ..., handled_locally: _Optional[_Union[HandledLocallyChange, _Mapping]] = ..., returned: _Optional[_Union[ReturnedChange, _Mapping]] = ..., merged: _Optional[_Union[MergedChange, _Mapping]] = ..., scheduled_for_deliberation: _Optional[_Union[ScheduledForDeliberationChange, _Mapping]] = ..., deliberated: _Optional[_Union[DeliberationRecord, _Mapping]] = ..., progress_added: _Optional[_Union[ProgressAddedChange, _Mapping]] = ..., extension_requested: _Optional[_Union[ExtensionRequest, _Mapping]] = ..., extension_approved: _Optional[_Union[ExtensionApproval, _Mapping]] = ..., extension_denied: _Optional[_Union[ExtensionDenial, _Mapping]] = ..., resolved: _Optional[_Union[HandlingResult, _Mapping]] = ..., feedback_recorded: _Optional[_Union[FeedbackRecordedChange, _Mapping]] = ..., evaluated: _Optional[_Union[Evaluation, _Mapping]] = ..., rework_started: _Optional[_Union[ReworkStartedChange, _Mapping]] = ..., verified: _Optional[_Union[VerifiedChange, _Mapping]] = ..., closed: _Optional[_Union[ClosedChange, _Mapping]] = ..., withdrawn: _Optional[_Union[WithdrawnChange, _Mapping]] = ..., closed_unrated: _Optional[_Union[ClosedUnratedChange, _Mapping]] = ..., deadline_alert: _Optional[_Union[DeadlineAlert, _Mapping]] = ...) -> None: ...

class ExportCasesRequest(_message.Message):
    __slots__ = ["query"]
    QUERY_FIELD_NUMBER: _ClassVar[int]
    query: CaseQuery
    def __init__(self, query: _Optional[_Union[CaseQuery, _Mapping]] = ...) -> None: ...

class ExportCasesResponse(_message.Message):
    __slots__ = ["csv"]
    CSV_FIELD_NUMBER: _ClassVar[int]
    csv: bytes
    def __init__(self, csv: _Optional[bytes] = ...) -> None: ...

class ExportScorecardsRequest(_message.Message):
    __slots__ = ["subjects", "through"]
    FROM_FIELD_NUMBER: _ClassVar[int]
    SUBJECTS_FIELD_NUMBER: _ClassVar[int]
    THROUGH_FIELD_NUMBER: _ClassVar[int]
    subjects: _containers.RepeatedCompositeFieldContainer[ScorecardSubject]
    through: str
    def __init__(self, subjects: _Optional[_Iterable[_Union[ScorecardSubject, _Mapping]]] = ..., through: _Optional[str] = ..., **kwargs) -> None: ...

class ExportScorecardsResponse(_message.Message):
    __slots__ = ["csv"]
    CSV_FIELD_NUMBER: _ClassVar[int]
    csv: bytes
    def __init__(self, csv: _Optional[bytes] = ...) -> None: ...

class ExtensionApproval(_message.Message):
    __slots__ = ["approver", "length", "message_to_submitter", "new_due"]
    APPROVER_FIELD_NUMBER: _ClassVar[int]
    LENGTH_FIELD_NUMBER: _ClassVar[int]
    MESSAGE_TO_SUBMITTER_FIELD_NUMBER: _ClassVar[int]
    NEW_DUE_FIELD_NUMBER: _ClassVar[int]
    approver: str
    length: int
    message_to_submitter: str
    new_due: int
    def __init__(self, approver: _Optional[str] = ..., message_to_submitter: _Optional[str] = ..., length: _Optional[int] = ..., new_due: _Optional[int] = ...) -> None: ...

class ExtensionDenial(_message.Message):
    __slots__ = ["approver", "reason"]
    APPROVER_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    approver: str
    reason: str
    def __init__(self, approver: _Optional[str] = ..., reason: _Optional[str] = ...) -> None: ...

class ExtensionRequest(_message.Message):
    __slots__ = ["length", "reason"]
    LENGTH_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    length: int
    reason: str
    def __init__(self, length: _Optional[int] = ..., reason: _Optional[str] = ...) -> None: ...

class ExternalReference(_message.Message):
    __slots__ = ["reference", "system"]
    REFERENCE_FIELD_NUMBER: _ClassVar[int]
    SYSTEM_FIELD_NUMBER: _ClassVar[int]
    reference: str
    system: str
    def __init__(self, system: _Optional[str] = ..., reference: _Optional[str] = ...) -> None: ...

class Feedback(_message.Message):
    __slots__ = ["channel", "message"]
    class Channel(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
        __slots__ = []
    APP: Feedback.Channel
    CHANNEL_FIELD_NUMBER: _ClassVar[int]
    CHANNEL_UNSPECIFIED: Feedback.Channel
    IN_PERSON: Feedback.Channel
    LETTER: Feedback.Channel
    MEETING: Feedback.Channel
    MESSAGE_FIELD_NUMBER: _ClassVar[int]
    PHONE: Feedback.Channel
    SOURCE_SYSTEM: Feedback.Channel
    TEXT_MESSAGE: Feedback.Channel
    channel: Feedback.Channel
    message: str
    def __init__(self, channel: _Optional[_Union[Feedback.Channel, str]] = ..., message: _Optional[str] = ...) -> None: ...

class FeedbackRecordedChange(_message.Message):
    __slots__ = ["evaluation_due", "feedback"]
    EVALUATION_DUE_FIELD_NUMBER: _ClassVar[int]
    FEEDBACK_FIELD_NUMBER: _ClassVar[int]
    evaluation_due: int
    feedback: Feedback
    def __init__(self, feedback: _Optional[_Union[Feedback, _Mapping]] = ..., evaluation_due: _Optional[int] = ...) -> None: ...

class FindCasesRequest(_message.Message):
    __slots__ = ["query"]
    QUERY_FIELD_NUMBER: _ClassVar[int]
    query: CaseQuery
    def __init__(self, query: _Optional[_Union[CaseQuery, _Mapping]] = ...) -> None: ...

class FindCasesResponse(_message.Message):
    __slots__ = ["cases", "next_cursor"]
    CASES_FIELD_NUMBER: _ClassVar[int]
    NEXT_CURSOR_FIELD_NUMBER: _ClassVar[int]
    cases: _containers.RepeatedCompositeFieldContainer[Case]
    next_cursor: str
    def __init__(self, cases: _Optional[_Iterable[_Union[Case, _Mapping]]] = ..., next_cursor: _Optional[str] = ...) -> None: ...

class Frame(_message.Message):
    __slots__ = ["call", "cancel", "goaway", "handshake", "handshake_result", "ping", "pong", "response"]
    CALL_FIELD_NUMBER: _ClassVar[int]
    CANCEL_FIELD_NUMBER: _ClassVar[int]
    GOAWAY_FIELD_NUMBER: _ClassVar[int]
    HANDSHAKE_FIELD_NUMBER: _ClassVar[int]
    HANDSHAKE_RESULT_FIELD_NUMBER: _ClassVar[int]
    PING_FIELD_NUMBER: _ClassVar[int]
    PONG_FIELD_NUMBER: _ClassVar[int]
    RESPONSE_FIELD_NUMBER: _ClassVar[int]
    call: Call
    cancel: Cancel
    goaway: GoAway
    handshake: Handshake
    handshake_result: HandshakeResult
    ping: Ping
    pong: Pong
    response: Response
    def __init__(self, handshake: _Optional[_Union[Handshake, _Mapping]] = ..., handshake_result: _Optional[_Union[HandshakeResult, _Mapping]] = ..., call: _Optional[_Union[Call, _Mapping]] = ..., response: _Optional[_Union[Response, _Mapping]] = ..., cancel: _Optional[_Union[Cancel, _Mapping]] = ..., ping: _Optional[_Union[Ping, _Mapping]] = ..., pong: _Optional[_Union[Pong, _Mapping]] = ..., goaway: _Optional[_Union[GoAway, _Mapping]] = ...) -> None: ...

class GetAnnualAssessmentRequest(_message.Message):
    __slots__ = ["threshold", "weights", "year"]
    THRESHOLD_FIELD_NUMBER: _ClassVar[int]
    WEIGHTS_FIELD_NUMBER: _ClassVar[int]
    YEAR_FIELD_NUMBER: _ClassVar[int]
    threshold: RankingThreshold
    weights: _containers.RepeatedCompositeFieldContainer[MeasureWeight]
    year: int
    def __init__(self, year: _Optional[int] = ..., weights: _Optional[_Iterable[_Union[MeasureWeight, _Mapping]]] = ..., threshold: _Optional[_Union[RankingThreshold, _Mapping]] = ...) -> None: ...

class GetAnnualAssessmentResponse(_message.Message):
    __slots__ = ["communities", "minimum_counted_share", "units", "weights", "year"]
    COMMUNITIES_FIELD_NUMBER: _ClassVar[int]
    MINIMUM_COUNTED_SHARE_FIELD_NUMBER: _ClassVar[int]
    UNITS_FIELD_NUMBER: _ClassVar[int]
    WEIGHTS_FIELD_NUMBER: _ClassVar[int]
    YEAR_FIELD_NUMBER: _ClassVar[int]
    communities: _containers.RepeatedCompositeFieldContainer[Ranking]
    minimum_counted_share: float
    units: _containers.RepeatedCompositeFieldContainer[Ranking]
    weights: _containers.RepeatedCompositeFieldContainer[MeasureWeight]
    year: int
    def __init__(self, year: _Optional[int] = ..., weights: _Optional[_Iterable[_Union[MeasureWeight, _Mapping]]] = ..., communities: _Optional[_Iterable[_Union[Ranking, _Mapping]]] = ..., units: _Optional[_Iterable[_Union[Ranking, _Mapping]]] = ..., minimum_counted_share: _Optional[float] = ...) -> None: ...

class GetAttendanceRequest(_message.Message):
    __slots__ = ["before", "community"]
    BEFORE_FIELD_NUMBER: _ClassVar[int]
    COMMUNITY_FIELD_NUMBER: _ClassVar[int]
    FROM_FIELD_NUMBER: _ClassVar[int]
    before: int
    community: str
    def __init__(self, community: _Optional[str] = ..., before: _Optional[int] = ..., **kwargs) -> None: ...

class GetAttendanceResponse(_message.Message):
    __slots__ = ["attendance"]
    ATTENDANCE_FIELD_NUMBER: _ClassVar[int]
    attendance: _containers.RepeatedCompositeFieldContainer[Attendance]
    def __init__(self, attendance: _Optional[_Iterable[_Union[Attendance, _Mapping]]] = ...) -> None: ...

class GetCaseRequest(_message.Message):
    __slots__ = ["external_reference", "id", "number"]
    EXTERNAL_REFERENCE_FIELD_NUMBER: _ClassVar[int]
    ID_FIELD_NUMBER: _ClassVar[int]
    NUMBER_FIELD_NUMBER: _ClassVar[int]
    external_reference: ExternalReference
    id: str
    number: str
    def __init__(self, id: _Optional[str] = ..., number: _Optional[str] = ..., external_reference: _Optional[_Union[ExternalReference, _Mapping]] = ...) -> None: ...

class GetCaseResponse(_message.Message):
    __slots__ = ["case"]
    CASE_FIELD_NUMBER: _ClassVar[int]
    case: Case
    def __init__(self, case: _Optional[_Union[Case, _Mapping]] = ...) -> None: ...

class GetCoverageRequest(_message.Message):
    __slots__ = ["day"]
    DAY_FIELD_NUMBER: _ClassVar[int]
    day: str
    def __init__(self, day: _Optional[str] = ...) -> None: ...

class GetCoverageResponse(_message.Message):
    __slots__ = ["communities_without_leader", "compounds_without_unit", "households_without_cadre"]
    COMMUNITIES_WITHOUT_LEADER_FIELD_NUMBER: _ClassVar[int]
    COMPOUNDS_WITHOUT_UNIT_FIELD_NUMBER: _ClassVar[int]
    HOUSEHOLDS_WITHOUT_CADRE_FIELD_NUMBER: _ClassVar[int]
    communities_without_leader: _containers.RepeatedScalarFieldContainer[str]
    compounds_without_unit: _containers.RepeatedScalarFieldContainer[str]
    households_without_cadre: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, communities_without_leader: _Optional[_Iterable[str]] = ..., compounds_without_unit: _Optional[_Iterable[str]] = ..., households_without_cadre: _Optional[_Iterable[str]] = ...) -> None: ...

class GetHistoryRequest(_message.Message):
    __slots__ = ["case_id"]
    CASE_ID_FIELD_NUMBER: _ClassVar[int]
    case_id: str
    def __init__(self, case_id: _Optional[str] = ...) -> None: ...

class GetHistoryResponse(_message.Message):
    __slots__ = ["events", "submitter_disclosure"]
    EVENTS_FIELD_NUMBER: _ClassVar[int]
    SUBMITTER_DISCLOSURE_FIELD_NUMBER: _ClassVar[int]
    events: _containers.RepeatedCompositeFieldContainer[Event]
    submitter_disclosure: PersonalDataDisclosure
    def __init__(self, events: _Optional[_Iterable[_Union[Event, _Mapping]]] = ..., submitter_disclosure: _Optional[_Union[PersonalDataDisclosure, str]] = ...) -> None: ...

class GetMeetingRequest(_message.Message):
    __slots__ = ["meeting"]
    MEETING_FIELD_NUMBER: _ClassVar[int]
    meeting: str
    def __init__(self, meeting: _Optional[str] = ...) -> None: ...

class GetMeetingResponse(_message.Message):
    __slots__ = ["meeting"]
    MEETING_FIELD_NUMBER: _ClassVar[int]
    meeting: Meeting
    def __init__(self, meeting: _Optional[_Union[Meeting, _Mapping]] = ...) -> None: ...

class GetNotificationProgressRequest(_message.Message):
    __slots__ = []
    def __init__(self) -> None: ...

class GetNotificationProgressResponse(_message.Message):
    __slots__ = ["channels", "latest_sequence"]
    CHANNELS_FIELD_NUMBER: _ClassVar[int]
    LATEST_SEQUENCE_FIELD_NUMBER: _ClassVar[int]
    channels: _containers.RepeatedCompositeFieldContainer[ChannelProgress]
    latest_sequence: int
    def __init__(self, latest_sequence: _Optional[int] = ..., channels: _Optional[_Iterable[_Union[ChannelProgress, _Mapping]]] = ...) -> None: ...

class GetPublicNoticeRequest(_message.Message):
    __slots__ = ["meeting"]
    MEETING_FIELD_NUMBER: _ClassVar[int]
    meeting: str
    def __init__(self, meeting: _Optional[str] = ...) -> None: ...

class GetPublicNoticeResponse(_message.Message):
    __slots__ = ["text"]
    TEXT_FIELD_NUMBER: _ClassVar[int]
    text: str
    def __init__(self, text: _Optional[str] = ...) -> None: ...

class GetScorecardRequest(_message.Message):
    __slots__ = ["subject", "through"]
    FROM_FIELD_NUMBER: _ClassVar[int]
    SUBJECT_FIELD_NUMBER: _ClassVar[int]
    THROUGH_FIELD_NUMBER: _ClassVar[int]
    subject: ScorecardSubject
    through: str
    def __init__(self, subject: _Optional[_Union[ScorecardSubject, _Mapping]] = ..., through: _Optional[str] = ..., **kwargs) -> None: ...

class GetScorecardResponse(_message.Message):
    __slots__ = ["scorecard"]
    SCORECARD_FIELD_NUMBER: _ClassVar[int]
    scorecard: Scorecard
    def __init__(self, scorecard: _Optional[_Union[Scorecard, _Mapping]] = ...) -> None: ...

class GetServerInfoRequest(_message.Message):
    __slots__ = []
    def __init__(self) -> None: ...

class GetServerInfoResponse(_message.Message):
    __slots__ = ["district", "limits", "protocol_versions", "server_id", "server_time", "server_version"]
    DISTRICT_FIELD_NUMBER: _ClassVar[int]
    LIMITS_FIELD_NUMBER: _ClassVar[int]
    PROTOCOL_VERSIONS_FIELD_NUMBER: _ClassVar[int]
    SERVER_ID_FIELD_NUMBER: _ClassVar[int]
    SERVER_TIME_FIELD_NUMBER: _ClassVar[int]
    SERVER_VERSION_FIELD_NUMBER: _ClassVar[int]
    district: District
    limits: Limits
    protocol_versions: _containers.RepeatedScalarFieldContainer[int]
    server_id: str
    server_time: int
    server_version: str
    def __init__(self, server_id: _Optional[str] = ..., server_version: _Optional[str] = ..., protocol_versions: _Optional[_Iterable[int]] = ..., server_time: _Optional[int] = ..., limits: _Optional[_Union[Limits, _Mapping]] = ..., district: _Optional[_Union[District, _Mapping]] = ...) -> None: ...

class GoAway(_message.Message):
    __slots__ = ["last_call_id", "status"]
    LAST_CALL_ID_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    last_call_id: int
    status: Status
    def __init__(self, last_call_id: _Optional[int] = ..., status: _Optional[_Union[Status, _Mapping]] = ...) -> None: ...

class GridCell(_message.Message):
    __slots__ = ["code", "community", "grid_worker"]
    CODE_FIELD_NUMBER: _ClassVar[int]
    COMMUNITY_FIELD_NUMBER: _ClassVar[int]
    GRID_WORKER_FIELD_NUMBER: _ClassVar[int]
    code: str
    community: str
    grid_worker: str
    def __init__(self, code: _Optional[str] = ..., community: _Optional[str] = ..., grid_worker: _Optional[str] = ...) -> None: ...

class HandleLocallyRequest(_message.Message):
    __slots__ = ["case_id", "due", "expected_version", "note"]
    CASE_ID_FIELD_NUMBER: _ClassVar[int]
    DUE_FIELD_NUMBER: _ClassVar[int]
    EXPECTED_VERSION_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    case_id: str
    due: int
    expected_version: int
    note: str
    def __init__(self, case_id: _Optional[str] = ..., expected_version: _Optional[int] = ..., note: _Optional[str] = ..., due: _Optional[int] = ...) -> None: ...

class HandleLocallyResponse(_message.Message):
    __slots__ = ["case"]
    CASE_FIELD_NUMBER: _ClassVar[int]
    case: Case
    def __init__(self, case: _Optional[_Union[Case, _Mapping]] = ...) -> None: ...

class HandledLocallyChange(_message.Message):
    __slots__ = ["due", "note"]
    DUE_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    due: int
    note: str
    def __init__(self, note: _Optional[str] = ..., due: _Optional[int] = ...) -> None: ...

class HandlingResult(_message.Message):
    __slots__ = ["completion_report", "summary"]
    COMPLETION_REPORT_FIELD_NUMBER: _ClassVar[int]
    SUMMARY_FIELD_NUMBER: _ClassVar[int]
    completion_report: str
    summary: str
    def __init__(self, summary: _Optional[str] = ..., completion_report: _Optional[str] = ...) -> None: ...

class Handshake(_message.Message):
    __slots__ = ["client_instance", "client_system", "credential", "protocol_version"]
    CLIENT_INSTANCE_FIELD_NUMBER: _ClassVar[int]
    CLIENT_SYSTEM_FIELD_NUMBER: _ClassVar[int]
    CREDENTIAL_FIELD_NUMBER: _ClassVar[int]
    PROTOCOL_VERSION_FIELD_NUMBER: _ClassVar[int]
    client_instance: str
    client_system: str
    credential: Credential
    protocol_version: int
    def __init__(self, protocol_version: _Optional[int] = ..., client_system: _Optional[str] = ..., client_instance: _Optional[str] = ..., credential: _Optional[_Union[Credential, _Mapping]] = ...) -> None: ...

class HandshakeResult(_message.Message):
    __slots__ = ["limits", "protocol_version", "server_id", "status"]
    LIMITS_FIELD_NUMBER: _ClassVar[int]
    PROTOCOL_VERSION_FIELD_NUMBER: _ClassVar[int]
    SERVER_ID_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    limits: Limits
    protocol_version: int
    server_id: str
    status: Status
    def __init__(self, status: _Optional[_Union[Status, _Mapping]] = ..., protocol_version: _Optional[int] = ..., server_id: _Optional[str] = ..., limits: _Optional[_Union[Limits, _Mapping]] = ...) -> None: ...

class HoldMeetingRequest(_message.Message):
    __slots__ = ["meeting", "record"]
    MEETING_FIELD_NUMBER: _ClassVar[int]
    RECORD_FIELD_NUMBER: _ClassVar[int]
    meeting: str
    record: MeetingRecord
    def __init__(self, meeting: _Optional[str] = ..., record: _Optional[_Union[MeetingRecord, _Mapping]] = ...) -> None: ...

class HoldMeetingResponse(_message.Message):
    __slots__ = ["carried_over", "cases", "failures", "meeting"]
    CARRIED_OVER_FIELD_NUMBER: _ClassVar[int]
    CASES_FIELD_NUMBER: _ClassVar[int]
    FAILURES_FIELD_NUMBER: _ClassVar[int]
    MEETING_FIELD_NUMBER: _ClassVar[int]
    carried_over: _containers.RepeatedCompositeFieldContainer[CarriedOverCase]
    cases: _containers.RepeatedCompositeFieldContainer[Case]
    failures: _containers.RepeatedCompositeFieldContainer[CaseFailure]
    meeting: Meeting
    def __init__(self, meeting: _Optional[_Union[Meeting, _Mapping]] = ..., cases: _Optional[_Iterable[_Union[Case, _Mapping]]] = ..., failures: _Optional[_Iterable[_Union[CaseFailure, _Mapping]]] = ..., carried_over: _Optional[_Iterable[_Union[CarriedOverCase, _Mapping]]] = ...) -> None: ...

class IssueKeyRequest(_message.Message):
    __slots__ = ["expires_at", "person_id"]
    EXPIRES_AT_FIELD_NUMBER: _ClassVar[int]
    PERSON_ID_FIELD_NUMBER: _ClassVar[int]
    expires_at: int
    person_id: str
    def __init__(self, person_id: _Optional[str] = ..., expires_at: _Optional[int] = ...) -> None: ...

class IssuedKeyResponse(_message.Message):
    __slots__ = ["account", "info", "key"]
    ACCOUNT_FIELD_NUMBER: _ClassVar[int]
    INFO_FIELD_NUMBER: _ClassVar[int]
    KEY_FIELD_NUMBER: _ClassVar[int]
    account: Account
    info: PersonalKeyInfo
    key: str
    def __init__(self, key: _Optional[str] = ..., info: _Optional[_Union[PersonalKeyInfo, _Mapping]] = ..., account: _Optional[_Union[Account, _Mapping]] = ...) -> None: ...

class ItemRecord(_message.Message):
    __slots__ = ["answers", "debate", "questions"]
    ANSWERS_FIELD_NUMBER: _ClassVar[int]
    DEBATE_FIELD_NUMBER: _ClassVar[int]
    QUESTIONS_FIELD_NUMBER: _ClassVar[int]
    answers: str
    debate: str
    questions: str
    def __init__(self, questions: _Optional[str] = ..., answers: _Optional[str] = ..., debate: _Optional[str] = ...) -> None: ...

class Limits(_message.Message):
    __slots__ = ["decode_budget_bytes", "default_call_timeout_ms", "frame_read_timeout_ms", "idle_timeout_ms", "max_concurrent_calls", "max_frame_bytes"]
    DECODE_BUDGET_BYTES_FIELD_NUMBER: _ClassVar[int]
    DEFAULT_CALL_TIMEOUT_MS_FIELD_NUMBER: _ClassVar[int]
    FRAME_READ_TIMEOUT_MS_FIELD_NUMBER: _ClassVar[int]
    IDLE_TIMEOUT_MS_FIELD_NUMBER: _ClassVar[int]
    MAX_CONCURRENT_CALLS_FIELD_NUMBER: _ClassVar[int]
    MAX_FRAME_BYTES_FIELD_NUMBER: _ClassVar[int]
    decode_budget_bytes: int
    default_call_timeout_ms: int
    frame_read_timeout_ms: int
    idle_timeout_ms: int
    max_concurrent_calls: int
    max_frame_bytes: int
    def __init__(self, max_frame_bytes: _Optional[int] = ..., decode_budget_bytes: _Optional[int] = ..., max_concurrent_calls: _Optional[int] = ..., idle_timeout_ms: _Optional[int] = ..., frame_read_timeout_ms: _Optional[int] = ..., default_call_timeout_ms: _Optional[int] = ...) -> None: ...

class Link(_message.Message):
    __slots__ = ["community", "end", "holder", "id", "kind", "start", "target"]
    COMMUNITY_FIELD_NUMBER: _ClassVar[int]
    END_FIELD_NUMBER: _ClassVar[int]
    HOLDER_FIELD_NUMBER: _ClassVar[int]
    ID_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    START_FIELD_NUMBER: _ClassVar[int]
    TARGET_FIELD_NUMBER: _ClassVar[int]
    community: str
    end: str
    holder: str
    id: str
    kind: LinkKind
    start: str
    target: str
    def __init__(self, id: _Optional[str] = ..., kind: _Optional[_Union[LinkKind, str]] = ..., holder: _Optional[str] = ..., target: _Optional[str] = ..., community: _Optional[str] = ..., start: _Optional[str] = ..., end: _Optional[str] = ...) -> None: ...

class ListAccountChangesRequest(_message.Message):
    __slots__ = ["person_id"]
    PERSON_ID_FIELD_NUMBER: _ClassVar[int]
    person_id: str
    def __init__(self, person_id: _Optional[str] = ...) -> None: ...

class ListAccountChangesResponse(_message.Message):
    __slots__ = ["changes"]
    CHANGES_FIELD_NUMBER: _ClassVar[int]
    changes: _containers.RepeatedCompositeFieldContainer[AccountChange]
    def __init__(self, changes: _Optional[_Iterable[_Union[AccountChange, _Mapping]]] = ...) -> None: ...

class ListAccountsRequest(_message.Message):
    __slots__ = []
    def __init__(self) -> None: ...

class ListAccountsResponse(_message.Message):
    __slots__ = ["accounts"]
    ACCOUNTS_FIELD_NUMBER: _ClassVar[int]
    accounts: _containers.RepeatedCompositeFieldContainer[Account]
    def __init__(self, accounts: _Optional[_Iterable[_Union[Account, _Mapping]]] = ...) -> None: ...

class ListCadenceLapsesRequest(_message.Message):
    __slots__ = ["through"]
    FROM_FIELD_NUMBER: _ClassVar[int]
    THROUGH_FIELD_NUMBER: _ClassVar[int]
    through: str
    def __init__(self, through: _Optional[str] = ..., **kwargs) -> None: ...

class ListCadenceLapsesResponse(_message.Message):
    __slots__ = ["lapses"]
    LAPSES_FIELD_NUMBER: _ClassVar[int]
    lapses: _containers.RepeatedCompositeFieldContainer[CadenceLapse]
    def __init__(self, lapses: _Optional[_Iterable[_Union[CadenceLapse, _Mapping]]] = ...) -> None: ...

class ListCategoriesRequest(_message.Message):
    __slots__ = []
    def __init__(self) -> None: ...

class ListCategoriesResponse(_message.Message):
    __slots__ = ["categories", "policy"]
    CATEGORIES_FIELD_NUMBER: _ClassVar[int]
    POLICY_FIELD_NUMBER: _ClassVar[int]
    categories: _containers.RepeatedCompositeFieldContainer[CategoryInfo]
    policy: TimeLimitPolicy
    def __init__(self, categories: _Optional[_Iterable[_Union[CategoryInfo, _Mapping]]] = ..., policy: _Optional[_Union[TimeLimitPolicy, _Mapping]] = ...) -> None: ...

class ListChangesRequest(_message.Message):
    __slots__ = ["after", "limit"]
    AFTER_FIELD_NUMBER: _ClassVar[int]
    LIMIT_FIELD_NUMBER: _ClassVar[int]
    after: int
    limit: int
    def __init__(self, after: _Optional[int] = ..., limit: _Optional[int] = ...) -> None: ...

class ListChangesResponse(_message.Message):
    __slots__ = ["events", "latest_sequence", "submitter_disclosure"]
    EVENTS_FIELD_NUMBER: _ClassVar[int]
    LATEST_SEQUENCE_FIELD_NUMBER: _ClassVar[int]
    SUBMITTER_DISCLOSURE_FIELD_NUMBER: _ClassVar[int]
    events: _containers.RepeatedCompositeFieldContainer[Event]
    latest_sequence: int
    submitter_disclosure: PersonalDataDisclosure
    def __init__(self, events: _Optional[_Iterable[_Union[Event, _Mapping]]] = ..., latest_sequence: _Optional[int] = ..., submitter_disclosure: _Optional[_Union[PersonalDataDisclosure, str]] = ...) -> None: ...

class ListCommendationsRequest(_message.Message):
    __slots__ = ["community"]
    COMMUNITY_FIELD_NUMBER: _ClassVar[int]
    community: str
    def __init__(self, community: _Optional[str] = ...) -> None: ...

class ListCommendationsResponse(_message.Message):
    __slots__ = ["commendations"]
    COMMENDATIONS_FIELD_NUMBER: _ClassVar[int]
    commendations: _containers.RepeatedCompositeFieldContainer[Commendation]
    def __init__(self, commendations: _Optional[_Iterable[_Union[Commendation, _Mapping]]] = ...) -> None: ...

class ListCommunitiesRequest(_message.Message):
    __slots__ = ["community"]
    COMMUNITY_FIELD_NUMBER: _ClassVar[int]
    community: str
    def __init__(self, community: _Optional[str] = ...) -> None: ...

class ListCommunitiesResponse(_message.Message):
    __slots__ = ["buildings", "communities", "compounds", "district", "grid_cells"]
    BUILDINGS_FIELD_NUMBER: _ClassVar[int]
    COMMUNITIES_FIELD_NUMBER: _ClassVar[int]
    COMPOUNDS_FIELD_NUMBER: _ClassVar[int]
    DISTRICT_FIELD_NUMBER: _ClassVar[int]
    GRID_CELLS_FIELD_NUMBER: _ClassVar[int]
    buildings: _containers.RepeatedCompositeFieldContainer[Building]
    communities: _containers.RepeatedCompositeFieldContainer[Community]
    compounds: _containers.RepeatedCompositeFieldContainer[Compound]
    district: District
    grid_cells: _containers.RepeatedCompositeFieldContainer[GridCell]
    def __init__(self, district: _Optional[_Union[District, _Mapping]] = ..., communities: _Optional[_Iterable[_Union[Community, _Mapping]]] = ..., compounds: _Optional[_Iterable[_Union[Compound, _Mapping]]] = ..., buildings: _Optional[_Iterable[_Union[Building, _Mapping]]] = ..., grid_cells: _Optional[_Iterable[_Union[GridCell, _Mapping]]] = ...) -> None: ...

class ListDeadLettersRequest(_message.Message):
    __slots__ = ["channel", "community", "states"]
    CHANNEL_FIELD_NUMBER: _ClassVar[int]
    COMMUNITY_FIELD_NUMBER: _ClassVar[int]
    STATES_FIELD_NUMBER: _ClassVar[int]
    channel: str
    community: str
    states: _containers.RepeatedScalarFieldContainer[DeadLetterState]
    def __init__(self, channel: _Optional[str] = ..., community: _Optional[str] = ..., states: _Optional[_Iterable[_Union[DeadLetterState, str]]] = ...) -> None: ...

class ListDeadLettersResponse(_message.Message):
    __slots__ = ["dead_letters"]
    DEAD_LETTERS_FIELD_NUMBER: _ClassVar[int]
    dead_letters: _containers.RepeatedCompositeFieldContainer[DeadLetter]
    def __init__(self, dead_letters: _Optional[_Iterable[_Union[DeadLetter, _Mapping]]] = ...) -> None: ...

class ListElectionsRequest(_message.Message):
    __slots__ = ["community"]
    COMMUNITY_FIELD_NUMBER: _ClassVar[int]
    community: str
    def __init__(self, community: _Optional[str] = ...) -> None: ...

class ListElectionsResponse(_message.Message):
    __slots__ = ["elections"]
    ELECTIONS_FIELD_NUMBER: _ClassVar[int]
    elections: _containers.RepeatedCompositeFieldContainer[Election]
    def __init__(self, elections: _Optional[_Iterable[_Union[Election, _Mapping]]] = ...) -> None: ...

class ListLinksRequest(_message.Message):
    __slots__ = ["community"]
    COMMUNITY_FIELD_NUMBER: _ClassVar[int]
    community: str
    def __init__(self, community: _Optional[str] = ...) -> None: ...

class ListLinksResponse(_message.Message):
    __slots__ = ["links"]
    LINKS_FIELD_NUMBER: _ClassVar[int]
    links: _containers.RepeatedCompositeFieldContainer[Link]
    def __init__(self, links: _Optional[_Iterable[_Union[Link, _Mapping]]] = ...) -> None: ...

class ListMeetingCadenceGapsRequest(_message.Message):
    __slots__ = ["community", "through"]
    COMMUNITY_FIELD_NUMBER: _ClassVar[int]
    FROM_FIELD_NUMBER: _ClassVar[int]
    THROUGH_FIELD_NUMBER: _ClassVar[int]
    community: str
    through: str
    def __init__(self, community: _Optional[str] = ..., through: _Optional[str] = ..., **kwargs) -> None: ...

class ListMeetingCadenceGapsResponse(_message.Message):
    __slots__ = ["gaps"]
    GAPS_FIELD_NUMBER: _ClassVar[int]
    gaps: _containers.RepeatedCompositeFieldContainer[MeetingCadenceGap]
    def __init__(self, gaps: _Optional[_Iterable[_Union[MeetingCadenceGap, _Mapping]]] = ...) -> None: ...

class ListMeetingsRequest(_message.Message):
    __slots__ = ["before", "community", "discussing"]
    BEFORE_FIELD_NUMBER: _ClassVar[int]
    COMMUNITY_FIELD_NUMBER: _ClassVar[int]
    DISCUSSING_FIELD_NUMBER: _ClassVar[int]
    FROM_FIELD_NUMBER: _ClassVar[int]
    before: int
    community: str
    discussing: str
    def __init__(self, community: _Optional[str] = ..., before: _Optional[int] = ..., discussing: _Optional[str] = ..., **kwargs) -> None: ...

class ListMeetingsResponse(_message.Message):
    __slots__ = ["meetings"]
    MEETINGS_FIELD_NUMBER: _ClassVar[int]
    meetings: _containers.RepeatedCompositeFieldContainer[Meeting]
    def __init__(self, meetings: _Optional[_Iterable[_Union[Meeting, _Mapping]]] = ...) -> None: ...

class ListPeopleRequest(_message.Message):
    __slots__ = ["community", "role"]
    COMMUNITY_FIELD_NUMBER: _ClassVar[int]
    ROLE_FIELD_NUMBER: _ClassVar[int]
    community: str
    role: PersonRole
    def __init__(self, community: _Optional[str] = ..., role: _Optional[_Union[PersonRole, str]] = ...) -> None: ...

class ListPeopleResponse(_message.Message):
    __slots__ = ["people"]
    PEOPLE_FIELD_NUMBER: _ClassVar[int]
    people: _containers.RepeatedCompositeFieldContainer[Person]
    def __init__(self, people: _Optional[_Iterable[_Union[Person, _Mapping]]] = ...) -> None: ...

class ListRepresentativesRequest(_message.Message):
    __slots__ = ["community", "day"]
    COMMUNITY_FIELD_NUMBER: _ClassVar[int]
    DAY_FIELD_NUMBER: _ClassVar[int]
    community: str
    day: str
    def __init__(self, community: _Optional[str] = ..., day: _Optional[str] = ...) -> None: ...

class ListRepresentativesResponse(_message.Message):
    __slots__ = ["people"]
    PEOPLE_FIELD_NUMBER: _ClassVar[int]
    people: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, people: _Optional[_Iterable[str]] = ...) -> None: ...

class ListSignInFailuresRequest(_message.Message):
    __slots__ = []
    def __init__(self) -> None: ...

class ListSignInFailuresResponse(_message.Message):
    __slots__ = ["failures"]
    FAILURES_FIELD_NUMBER: _ClassVar[int]
    failures: _containers.RepeatedCompositeFieldContainer[SignInFailures]
    def __init__(self, failures: _Optional[_Iterable[_Union[SignInFailures, _Mapping]]] = ...) -> None: ...

class ListUnitsRequest(_message.Message):
    __slots__ = ["kind"]
    KIND_FIELD_NUMBER: _ClassVar[int]
    kind: UnitKind
    def __init__(self, kind: _Optional[_Union[UnitKind, str]] = ...) -> None: ...

class ListUnitsResponse(_message.Message):
    __slots__ = ["units"]
    UNITS_FIELD_NUMBER: _ClassVar[int]
    units: _containers.RepeatedCompositeFieldContainer[ResponsibleUnit]
    def __init__(self, units: _Optional[_Iterable[_Union[ResponsibleUnit, _Mapping]]] = ...) -> None: ...

class ListVisitsRequest(_message.Message):
    __slots__ = ["before", "community"]
    BEFORE_FIELD_NUMBER: _ClassVar[int]
    COMMUNITY_FIELD_NUMBER: _ClassVar[int]
    FROM_FIELD_NUMBER: _ClassVar[int]
    before: int
    community: str
    def __init__(self, community: _Optional[str] = ..., before: _Optional[int] = ..., **kwargs) -> None: ...

class ListVisitsResponse(_message.Message):
    __slots__ = ["visits"]
    VISITS_FIELD_NUMBER: _ClassVar[int]
    visits: _containers.RepeatedCompositeFieldContainer[Visit]
    def __init__(self, visits: _Optional[_Iterable[_Union[Visit, _Mapping]]] = ...) -> None: ...

class LoadDirectoryRequest(_message.Message):
    __slots__ = ["seed"]
    SEED_FIELD_NUMBER: _ClassVar[int]
    seed: bytes
    def __init__(self, seed: _Optional[bytes] = ...) -> None: ...

class LoadDirectoryResponse(_message.Message):
    __slots__ = ["buildings", "categories", "communities", "compounds", "district", "grid_cells", "households", "people", "units", "version"]
    BUILDINGS_FIELD_NUMBER: _ClassVar[int]
    CATEGORIES_FIELD_NUMBER: _ClassVar[int]
    COMMUNITIES_FIELD_NUMBER: _ClassVar[int]
    COMPOUNDS_FIELD_NUMBER: _ClassVar[int]
    DISTRICT_FIELD_NUMBER: _ClassVar[int]
    GRID_CELLS_FIELD_NUMBER: _ClassVar[int]
    HOUSEHOLDS_FIELD_NUMBER: _ClassVar[int]
    PEOPLE_FIELD_NUMBER: _ClassVar[int]
    UNITS_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    buildings: int
    categories: int
    communities: int
    compounds: int
    district: District
    grid_cells: int
    households: int
    people: int
    units: int
    version: int
    def __init__(self, district: _Optional[_Union[District, _Mapping]] = ..., communities: _Optional[int] = ..., compounds: _Optional[int] = ..., buildings: _Optional[int] = ..., households: _Optional[int] = ..., grid_cells: _Optional[int] = ..., units: _Optional[int] = ..., people: _Optional[int] = ..., categories: _Optional[int] = ..., version: _Optional[int] = ...) -> None: ...

class LocateGridCellRequest(_message.Message):
    __slots__ = ["grid_cell"]
    GRID_CELL_FIELD_NUMBER: _ClassVar[int]
    grid_cell: str
    def __init__(self, grid_cell: _Optional[str] = ...) -> None: ...

class LocateGridCellResponse(_message.Message):
    __slots__ = ["community", "grid_cell"]
    COMMUNITY_FIELD_NUMBER: _ClassVar[int]
    GRID_CELL_FIELD_NUMBER: _ClassVar[int]
    community: Community
    grid_cell: GridCell
    def __init__(self, grid_cell: _Optional[_Union[GridCell, _Mapping]] = ..., community: _Optional[_Union[Community, _Mapping]] = ...) -> None: ...

class Location(_message.Message):
    __slots__ = ["building", "compound", "description", "grid_cell", "latitude", "longitude"]
    BUILDING_FIELD_NUMBER: _ClassVar[int]
    COMPOUND_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    GRID_CELL_FIELD_NUMBER: _ClassVar[int]
    LATITUDE_FIELD_NUMBER: _ClassVar[int]
    LONGITUDE_FIELD_NUMBER: _ClassVar[int]
    building: str
    compound: str
    description: str
    grid_cell: str
    latitude: float
    longitude: float
    def __init__(self, compound: _Optional[str] = ..., building: _Optional[str] = ..., grid_cell: _Optional[str] = ..., description: _Optional[str] = ..., latitude: _Optional[float] = ..., longitude: _Optional[float] = ...) -> None: ...

class LogVisitRequest(_message.Message):
    __slots__ = ["at", "help_given", "hours", "link", "notes", "people"]
    AT_FIELD_NUMBER: _ClassVar[int]
    HELP_GIVEN_FIELD_NUMBER: _ClassVar[int]
    HOURS_FIELD_NUMBER: _ClassVar[int]
    LINK_FIELD_NUMBER: _ClassVar[int]
    NOTES_FIELD_NUMBER: _ClassVar[int]
    PEOPLE_FIELD_NUMBER: _ClassVar[int]
    at: int
    help_given: str
    hours: float
    link: str
    notes: str
    people: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, link: _Optional[str] = ..., at: _Optional[int] = ..., people: _Optional[_Iterable[str]] = ..., hours: _Optional[float] = ..., notes: _Optional[str] = ..., help_given: _Optional[str] = ...) -> None: ...

class LogVisitResponse(_message.Message):
    __slots__ = ["visit"]
    VISIT_FIELD_NUMBER: _ClassVar[int]
    visit: Visit
    def __init__(self, visit: _Optional[_Union[Visit, _Mapping]] = ...) -> None: ...

class Measure(_message.Message):
    __slots__ = ["chinese_name", "denominator", "formula", "higher_is_better", "kind", "numerator", "value"]
    CHINESE_NAME_FIELD_NUMBER: _ClassVar[int]
    DENOMINATOR_FIELD_NUMBER: _ClassVar[int]
    FORMULA_FIELD_NUMBER: _ClassVar[int]
    HIGHER_IS_BETTER_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    NUMERATOR_FIELD_NUMBER: _ClassVar[int]
    VALUE_FIELD_NUMBER: _ClassVar[int]
    chinese_name: str
    denominator: int
    formula: str
    higher_is_better: bool
    kind: MeasureKind
    numerator: int
    value: float
    def __init__(self, kind: _Optional[_Union[MeasureKind, str]] = ..., numerator: _Optional[int] = ..., denominator: _Optional[int] = ..., value: _Optional[float] = ..., formula: _Optional[str] = ..., chinese_name: _Optional[str] = ..., higher_is_better: bool = ...) -> None: ...

class MeasureWeight(_message.Message):
    __slots__ = ["kind", "weight"]
    KIND_FIELD_NUMBER: _ClassVar[int]
    WEIGHT_FIELD_NUMBER: _ClassVar[int]
    kind: MeasureKind
    weight: float
    def __init__(self, kind: _Optional[_Union[MeasureKind, str]] = ..., weight: _Optional[float] = ...) -> None: ...

class Meeting(_message.Message):
    __slots__ = ["agenda", "attendees", "cancellation_reason", "community", "convener", "format", "held_at", "id", "invited", "minutes", "place_kind", "place_name", "rescheduled_from", "resident_count", "scheduled_at", "status"]
    AGENDA_FIELD_NUMBER: _ClassVar[int]
    ATTENDEES_FIELD_NUMBER: _ClassVar[int]
    CANCELLATION_REASON_FIELD_NUMBER: _ClassVar[int]
    COMMUNITY_FIELD_NUMBER: _ClassVar[int]
    CONVENER_FIELD_NUMBER: _ClassVar[int]
    FORMAT_FIELD_NUMBER: _ClassVar[int]
    HELD_AT_FIELD_NUMBER: _ClassVar[int]
    ID_FIELD_NUMBER: _ClassVar[int]
    INVITED_FIELD_NUMBER: _ClassVar[int]
    MINUTES_FIELD_NUMBER: _ClassVar[int]
    PLACE_KIND_FIELD_NUMBER: _ClassVar[int]
    PLACE_NAME_FIELD_NUMBER: _ClassVar[int]
    RESCHEDULED_FROM_FIELD_NUMBER: _ClassVar[int]
    RESIDENT_COUNT_FIELD_NUMBER: _ClassVar[int]
    SCHEDULED_AT_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    agenda: _containers.RepeatedCompositeFieldContainer[AgendaItem]
    attendees: _containers.RepeatedScalarFieldContainer[str]
    cancellation_reason: str
    community: str
    convener: str
    format: MeetingFormat
    held_at: int
    id: str
    invited: _containers.RepeatedCompositeFieldContainer[Participant]
    minutes: str
    place_kind: MeetingPlaceKind
    place_name: str
    rescheduled_from: _containers.RepeatedScalarFieldContainer[int]
    resident_count: int
    scheduled_at: int
    status: MeetingStatus
    def __init__(self, id: _Optional[str] = ..., community: _Optional[str] = ..., scheduled_at: _Optional[int] = ..., place_kind: _Optional[_Union[MeetingPlaceKind, str]] = ..., place_name: _Optional[str] = ..., format: _Optional[_Union[MeetingFormat, str]] = ..., convener: _Optional[str] = ..., invited: _Optional[_Iterable[_Union[Participant, _Mapping]]] = ..., agenda: _Optional[_Iterable[_Union[AgendaItem, _Mapping]]] = ..., status: _Optional[_Union[MeetingStatus, str]] = ..., held_at: _Optional[int] = ..., attendees: _Optional[_Iterable[str]] = ..., resident_count: _Optional[int] = ..., minutes: _Optional[str] = ..., rescheduled_from: _Optional[_Iterable[int]] = ..., cancellation_reason: _Optional[str] = ...) -> None: ...

class MeetingCadenceGap(_message.Message):
    __slots__ = ["community", "week_starting"]
    COMMUNITY_FIELD_NUMBER: _ClassVar[int]
    WEEK_STARTING_FIELD_NUMBER: _ClassVar[int]
    community: str
    week_starting: str
    def __init__(self, community: _Optional[str] = ..., week_starting: _Optional[str] = ...) -> None: ...

class MeetingItemRecord(_message.Message):
    __slots__ = ["deferred_reason", "no_consensus_note", "number", "record", "resolution"]
    DEFERRED_REASON_FIELD_NUMBER: _ClassVar[int]
    NO_CONSENSUS_NOTE_FIELD_NUMBER: _ClassVar[int]
    NUMBER_FIELD_NUMBER: _ClassVar[int]
    RECORD_FIELD_NUMBER: _ClassVar[int]
    RESOLUTION_FIELD_NUMBER: _ClassVar[int]
    deferred_reason: str
    no_consensus_note: str
    number: int
    record: ItemRecord
    resolution: MeetingResolution
    def __init__(self, number: _Optional[int] = ..., record: _Optional[_Union[ItemRecord, _Mapping]] = ..., resolution: _Optional[_Union[MeetingResolution, _Mapping]] = ..., deferred_reason: _Optional[str] = ..., no_consensus_note: _Optional[str] = ...) -> None: ...

class MeetingPlan(_message.Message):
    __slots__ = ["cases", "community", "convener", "format", "include_waiting_cases", "invited", "place_kind", "place_name", "scheduled_at", "topics"]
    CASES_FIELD_NUMBER: _ClassVar[int]
    COMMUNITY_FIELD_NUMBER: _ClassVar[int]
    CONVENER_FIELD_NUMBER: _ClassVar[int]
    FORMAT_FIELD_NUMBER: _ClassVar[int]
    INCLUDE_WAITING_CASES_FIELD_NUMBER: _ClassVar[int]
    INVITED_FIELD_NUMBER: _ClassVar[int]
    PLACE_KIND_FIELD_NUMBER: _ClassVar[int]
    PLACE_NAME_FIELD_NUMBER: _ClassVar[int]
    SCHEDULED_AT_FIELD_NUMBER: _ClassVar[int]
    TOPICS_FIELD_NUMBER: _ClassVar[int]
    cases: _containers.RepeatedScalarFieldContainer[str]
    community: str
    convener: str
    format: MeetingFormat
    include_waiting_cases: bool
    invited: _containers.RepeatedCompositeFieldContainer[Participant]
    place_kind: MeetingPlaceKind
    place_name: str
    scheduled_at: int
    topics: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, community: _Optional[str] = ..., scheduled_at: _Optional[int] = ..., place_kind: _Optional[_Union[MeetingPlaceKind, str]] = ..., place_name: _Optional[str] = ..., format: _Optional[_Union[MeetingFormat, str]] = ..., convener: _Optional[str] = ..., invited: _Optional[_Iterable[_Union[Participant, _Mapping]]] = ..., cases: _Optional[_Iterable[str]] = ..., topics: _Optional[_Iterable[str]] = ..., include_waiting_cases: bool = ...) -> None: ...

class MeetingRecord(_message.Message):
    __slots__ = ["attendees", "held_at", "items", "minutes", "resident_count"]
    ATTENDEES_FIELD_NUMBER: _ClassVar[int]
    HELD_AT_FIELD_NUMBER: _ClassVar[int]
    ITEMS_FIELD_NUMBER: _ClassVar[int]
    MINUTES_FIELD_NUMBER: _ClassVar[int]
    RESIDENT_COUNT_FIELD_NUMBER: _ClassVar[int]
    attendees: _containers.RepeatedScalarFieldContainer[str]
    held_at: int
    items: _containers.RepeatedCompositeFieldContainer[MeetingItemRecord]
    minutes: str
    resident_count: int
    def __init__(self, held_at: _Optional[int] = ..., attendees: _Optional[_Iterable[str]] = ..., resident_count: _Optional[int] = ..., items: _Optional[_Iterable[_Union[MeetingItemRecord, _Mapping]]] = ..., minutes: _Optional[str] = ...) -> None: ...

class MeetingResolution(_message.Message):
    __slots__ = ["deadline", "decision", "responsible_unit", "vote"]
    DEADLINE_FIELD_NUMBER: _ClassVar[int]
    DECISION_FIELD_NUMBER: _ClassVar[int]
    RESPONSIBLE_UNIT_FIELD_NUMBER: _ClassVar[int]
    VOTE_FIELD_NUMBER: _ClassVar[int]
    deadline: int
    decision: str
    responsible_unit: str
    vote: Vote
    def __init__(self, decision: _Optional[str] = ..., responsible_unit: _Optional[str] = ..., deadline: _Optional[int] = ..., vote: _Optional[_Union[Vote, _Mapping]] = ...) -> None: ...

class MergeRequest(_message.Message):
    __slots__ = ["case_id", "expected_version", "master"]
    CASE_ID_FIELD_NUMBER: _ClassVar[int]
    EXPECTED_VERSION_FIELD_NUMBER: _ClassVar[int]
    MASTER_FIELD_NUMBER: _ClassVar[int]
    case_id: str
    expected_version: int
    master: str
    def __init__(self, case_id: _Optional[str] = ..., expected_version: _Optional[int] = ..., master: _Optional[str] = ...) -> None: ...

class MergeResponse(_message.Message):
    __slots__ = ["case"]
    CASE_FIELD_NUMBER: _ClassVar[int]
    case: Case
    def __init__(self, case: _Optional[_Union[Case, _Mapping]] = ...) -> None: ...

class MergedChange(_message.Message):
    __slots__ = ["master", "master_number"]
    MASTER_FIELD_NUMBER: _ClassVar[int]
    MASTER_NUMBER_FIELD_NUMBER: _ClassVar[int]
    master: str
    master_number: str
    def __init__(self, master: _Optional[str] = ..., master_number: _Optional[str] = ...) -> None: ...

class Participant(_message.Message):
    __slots__ = ["reference", "role"]
    REFERENCE_FIELD_NUMBER: _ClassVar[int]
    ROLE_FIELD_NUMBER: _ClassVar[int]
    reference: str
    role: ParticipantRole
    def __init__(self, role: _Optional[_Union[ParticipantRole, str]] = ..., reference: _Optional[str] = ...) -> None: ...

class Person(_message.Message):
    __slots__ = ["community", "id", "name", "roles", "unit"]
    COMMUNITY_FIELD_NUMBER: _ClassVar[int]
    ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    ROLES_FIELD_NUMBER: _ClassVar[int]
    UNIT_FIELD_NUMBER: _ClassVar[int]
    community: str
    id: str
    name: str
    roles: _containers.RepeatedScalarFieldContainer[PersonRole]
    unit: str
    def __init__(self, id: _Optional[str] = ..., name: _Optional[str] = ..., roles: _Optional[_Iterable[_Union[PersonRole, str]]] = ..., community: _Optional[str] = ..., unit: _Optional[str] = ...) -> None: ...

class PersonalData(_message.Message):
    __slots__ = ["address", "id_number", "name", "phone"]
    ADDRESS_FIELD_NUMBER: _ClassVar[int]
    ID_NUMBER_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    PHONE_FIELD_NUMBER: _ClassVar[int]
    address: str
    id_number: str
    name: str
    phone: str
    def __init__(self, name: _Optional[str] = ..., phone: _Optional[str] = ..., address: _Optional[str] = ..., id_number: _Optional[str] = ...) -> None: ...

class PersonalKeyInfo(_message.Message):
    __slots__ = ["expires_at", "issued_at", "key_id", "last_used_at", "revoked_at"]
    EXPIRES_AT_FIELD_NUMBER: _ClassVar[int]
    ISSUED_AT_FIELD_NUMBER: _ClassVar[int]
    KEY_ID_FIELD_NUMBER: _ClassVar[int]
    LAST_USED_AT_FIELD_NUMBER: _ClassVar[int]
    REVOKED_AT_FIELD_NUMBER: _ClassVar[int]
    expires_at: int
    issued_at: int
    key_id: str
    last_used_at: int
    revoked_at: int
    def __init__(self, key_id: _Optional[str] = ..., issued_at: _Optional[int] = ..., expires_at: _Optional[int] = ..., revoked_at: _Optional[int] = ..., last_used_at: _Optional[int] = ...) -> None: ...

class Ping(_message.Message):
    __slots__ = ["payload"]
    PAYLOAD_FIELD_NUMBER: _ClassVar[int]
    payload: int
    def __init__(self, payload: _Optional[int] = ...) -> None: ...

class Pong(_message.Message):
    __slots__ = ["payload"]
    PAYLOAD_FIELD_NUMBER: _ClassVar[int]
    payload: int
    def __init__(self, payload: _Optional[int] = ...) -> None: ...

class Principal(_message.Message):
    __slots__ = ["system", "user", "user_authenticated"]
    SYSTEM_FIELD_NUMBER: _ClassVar[int]
    USER_AUTHENTICATED_FIELD_NUMBER: _ClassVar[int]
    USER_FIELD_NUMBER: _ClassVar[int]
    system: str
    user: str
    user_authenticated: bool
    def __init__(self, system: _Optional[str] = ..., user: _Optional[str] = ..., user_authenticated: bool = ...) -> None: ...

class ProgressAddedChange(_message.Message):
    __slots__ = ["note"]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    note: str
    def __init__(self, note: _Optional[str] = ...) -> None: ...

class RaiseCaseOnVisitRequest(_message.Message):
    __slots__ = ["submission", "visit"]
    SUBMISSION_FIELD_NUMBER: _ClassVar[int]
    VISIT_FIELD_NUMBER: _ClassVar[int]
    submission: Submission
    visit: str
    def __init__(self, visit: _Optional[str] = ..., submission: _Optional[_Union[Submission, _Mapping]] = ...) -> None: ...

class RaiseCaseOnVisitResponse(_message.Message):
    __slots__ = ["case"]
    CASE_FIELD_NUMBER: _ClassVar[int]
    case: Case
    def __init__(self, case: _Optional[_Union[Case, _Mapping]] = ...) -> None: ...

class Ranking(_message.Message):
    __slots__ = ["contributions", "counted_share", "rank", "score", "scorecard", "subject"]
    CONTRIBUTIONS_FIELD_NUMBER: _ClassVar[int]
    COUNTED_SHARE_FIELD_NUMBER: _ClassVar[int]
    RANK_FIELD_NUMBER: _ClassVar[int]
    SCORECARD_FIELD_NUMBER: _ClassVar[int]
    SCORE_FIELD_NUMBER: _ClassVar[int]
    SUBJECT_FIELD_NUMBER: _ClassVar[int]
    contributions: _containers.RepeatedCompositeFieldContainer[Contribution]
    counted_share: float
    rank: int
    score: float
    scorecard: Scorecard
    subject: ScorecardSubject
    def __init__(self, rank: _Optional[int] = ..., subject: _Optional[_Union[ScorecardSubject, _Mapping]] = ..., score: _Optional[float] = ..., counted_share: _Optional[float] = ..., contributions: _Optional[_Iterable[_Union[Contribution, _Mapping]]] = ..., scorecard: _Optional[_Union[Scorecard, _Mapping]] = ...) -> None: ...

class RankingThreshold(_message.Message):
    __slots__ = ["minimum_counted_share"]
    MINIMUM_COUNTED_SHARE_FIELD_NUMBER: _ClassVar[int]
    minimum_counted_share: float
    def __init__(self, minimum_counted_share: _Optional[float] = ...) -> None: ...

class RecordDeliberationOutcomeRequest(_message.Message):
    __slots__ = ["case_id", "expected_version", "record"]
    CASE_ID_FIELD_NUMBER: _ClassVar[int]
    EXPECTED_VERSION_FIELD_NUMBER: _ClassVar[int]
    RECORD_FIELD_NUMBER: _ClassVar[int]
    case_id: str
    expected_version: int
    record: DeliberationRecord
    def __init__(self, case_id: _Optional[str] = ..., expected_version: _Optional[int] = ..., record: _Optional[_Union[DeliberationRecord, _Mapping]] = ...) -> None: ...

class RecordDeliberationOutcomeResponse(_message.Message):
    __slots__ = ["case"]
    CASE_FIELD_NUMBER: _ClassVar[int]
    case: Case
    def __init__(self, case: _Optional[_Union[Case, _Mapping]] = ...) -> None: ...

class RecordElectionRequest(_message.Message):
    __slots__ = ["candidates", "community", "date", "elected", "method", "term_end", "term_start"]
    CANDIDATES_FIELD_NUMBER: _ClassVar[int]
    COMMUNITY_FIELD_NUMBER: _ClassVar[int]
    DATE_FIELD_NUMBER: _ClassVar[int]
    ELECTED_FIELD_NUMBER: _ClassVar[int]
    METHOD_FIELD_NUMBER: _ClassVar[int]
    TERM_END_FIELD_NUMBER: _ClassVar[int]
    TERM_START_FIELD_NUMBER: _ClassVar[int]
    candidates: _containers.RepeatedCompositeFieldContainer[Candidate]
    community: str
    date: str
    elected: _containers.RepeatedScalarFieldContainer[str]
    method: ElectionMethod
    term_end: str
    term_start: str
    def __init__(self, community: _Optional[str] = ..., date: _Optional[str] = ..., method: _Optional[_Union[ElectionMethod, str]] = ..., candidates: _Optional[_Iterable[_Union[Candidate, _Mapping]]] = ..., elected: _Optional[_Iterable[str]] = ..., term_start: _Optional[str] = ..., term_end: _Optional[str] = ...) -> None: ...

class RecordElectionResponse(_message.Message):
    __slots__ = ["election"]
    ELECTION_FIELD_NUMBER: _ClassVar[int]
    election: Election
    def __init__(self, election: _Optional[_Union[Election, _Mapping]] = ...) -> None: ...

class RecordFeedbackRequest(_message.Message):
    __slots__ = ["case_id", "expected_version", "feedback"]
    CASE_ID_FIELD_NUMBER: _ClassVar[int]
    EXPECTED_VERSION_FIELD_NUMBER: _ClassVar[int]
    FEEDBACK_FIELD_NUMBER: _ClassVar[int]
    case_id: str
    expected_version: int
    feedback: Feedback
    def __init__(self, case_id: _Optional[str] = ..., expected_version: _Optional[int] = ..., feedback: _Optional[_Union[Feedback, _Mapping]] = ...) -> None: ...

class RecordFeedbackResponse(_message.Message):
    __slots__ = ["case"]
    CASE_FIELD_NUMBER: _ClassVar[int]
    case: Case
    def __init__(self, case: _Optional[_Union[Case, _Mapping]] = ...) -> None: ...

class ReferRequest(_message.Message):
    __slots__ = ["case_id", "expected_version", "referral"]
    CASE_ID_FIELD_NUMBER: _ClassVar[int]
    EXPECTED_VERSION_FIELD_NUMBER: _ClassVar[int]
    REFERRAL_FIELD_NUMBER: _ClassVar[int]
    case_id: str
    expected_version: int
    referral: Referral
    def __init__(self, case_id: _Optional[str] = ..., expected_version: _Optional[int] = ..., referral: _Optional[_Union[Referral, _Mapping]] = ...) -> None: ...

class ReferResponse(_message.Message):
    __slots__ = ["case"]
    CASE_FIELD_NUMBER: _ClassVar[int]
    case: Case
    def __init__(self, case: _Optional[_Union[Case, _Mapping]] = ...) -> None: ...

class Referral(_message.Message):
    __slots__ = ["destination", "organization", "reason"]
    class Destination(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
        __slots__ = []
    COURT: Referral.Destination
    DESTINATION_FIELD_NUMBER: _ClassVar[int]
    DESTINATION_UNSPECIFIED: Referral.Destination
    DISCIPLINE_INSPECTION: Referral.Destination
    HIGHER_LEVEL: Referral.Destination
    ORGANIZATION_FIELD_NUMBER: _ClassVar[int]
    OTHER_AGENCY: Referral.Destination
    REASON_FIELD_NUMBER: _ClassVar[int]
    destination: Referral.Destination
    organization: str
    reason: str
    def __init__(self, destination: _Optional[_Union[Referral.Destination, str]] = ..., organization: _Optional[str] = ..., reason: _Optional[str] = ...) -> None: ...

class ReplayDeadLetterRequest(_message.Message):
    __slots__ = ["id"]
    ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    def __init__(self, id: _Optional[str] = ...) -> None: ...

class RequestExtensionRequest(_message.Message):
    __slots__ = ["case_id", "expected_version", "extension"]
    CASE_ID_FIELD_NUMBER: _ClassVar[int]
    EXPECTED_VERSION_FIELD_NUMBER: _ClassVar[int]
    EXTENSION_FIELD_NUMBER: _ClassVar[int]
    case_id: str
    expected_version: int
    extension: ExtensionRequest
    def __init__(self, case_id: _Optional[str] = ..., expected_version: _Optional[int] = ..., extension: _Optional[_Union[ExtensionRequest, _Mapping]] = ...) -> None: ...

class RequestExtensionResponse(_message.Message):
    __slots__ = ["case"]
    CASE_FIELD_NUMBER: _ClassVar[int]
    case: Case
    def __init__(self, case: _Optional[_Union[Case, _Mapping]] = ...) -> None: ...

class RescheduleMeetingRequest(_message.Message):
    __slots__ = ["meeting", "scheduled_at"]
    MEETING_FIELD_NUMBER: _ClassVar[int]
    SCHEDULED_AT_FIELD_NUMBER: _ClassVar[int]
    meeting: str
    scheduled_at: int
    def __init__(self, meeting: _Optional[str] = ..., scheduled_at: _Optional[int] = ...) -> None: ...

class RescheduleMeetingResponse(_message.Message):
    __slots__ = ["meeting"]
    MEETING_FIELD_NUMBER: _ClassVar[int]
    meeting: Meeting
    def __init__(self, meeting: _Optional[_Union[Meeting, _Mapping]] = ...) -> None: ...

class ResolveRequest(_message.Message):
    __slots__ = ["case_id", "expected_version", "result"]
    CASE_ID_FIELD_NUMBER: _ClassVar[int]
    EXPECTED_VERSION_FIELD_NUMBER: _ClassVar[int]
    RESULT_FIELD_NUMBER: _ClassVar[int]
    case_id: str
    expected_version: int
    result: HandlingResult
    def __init__(self, case_id: _Optional[str] = ..., expected_version: _Optional[int] = ..., result: _Optional[_Union[HandlingResult, _Mapping]] = ...) -> None: ...

class ResolveResponse(_message.Message):
    __slots__ = ["case"]
    CASE_FIELD_NUMBER: _ClassVar[int]
    case: Case
    def __init__(self, case: _Optional[_Union[Case, _Mapping]] = ...) -> None: ...

class ResolvedTimeLimits(_message.Message):
    __slots__ = ["limits", "priority", "source"]
    LIMITS_FIELD_NUMBER: _ClassVar[int]
    PRIORITY_FIELD_NUMBER: _ClassVar[int]
    SOURCE_FIELD_NUMBER: _ClassVar[int]
    limits: TimeLimits
    priority: Priority
    source: CaseSource
    def __init__(self, priority: _Optional[_Union[Priority, str]] = ..., source: _Optional[_Union[CaseSource, str]] = ..., limits: _Optional[_Union[TimeLimits, _Mapping]] = ...) -> None: ...

class Response(_message.Message):
    __slots__ = ["accept", "add_account", "add_progress", "add_to_agenda", "approve_extension", "call_id", "cancel_meeting", "check_health", "close", "close_unrated", "commend", "decline", "deny_extension", "discard_dead_letter", "dispatch", "end_link", "end_of_stream", "establish_link", "evaluate", "export_cases", "export_scorecards", "find_cases", "get_annual_assessment", "get_attendance", "get_case", "get_coverage", "get_history", "get_meeting", "get_notification_progress", "get_public_notice", "get_scorecard", "get_server_info", "handle_locally", "hold_meeting", "issue_key", "list_account_changes", "list_accounts", "list_cadence_lapses", "list_categories", "list_changes", "list_commendations", "list_communities", "list_dead_letters", "list_elections", "list_links", "list_meeting_cadence_gaps", "list_meetings", "list_people", "list_representatives", "list_sign_in_failures", "list_units", "list_visits", "load_directory", "locate_grid_cell", "log_visit", "merge", "raise_case_on_visit", "record_deliberation_outcome", "record_election", "record_feedback", "refer", "replay_dead_letter", "request_extension", "reschedule_meeting", "resolve", "return_case", "revoke_key", "rework", "rotate_key", "schedule_deliberation", "schedule_meeting", "set_account_disabled", "set_account_roles", "status", "submit", "verify", "watch_events", "withdraw"]
    ACCEPT_FIELD_NUMBER: _ClassVar[int]
    ADD_ACCOUNT_FIELD_NUMBER: _ClassVar[int]
    ADD_PROGRESS_FIELD_NUMBER: _ClassVar[int]
    ADD_TO_AGENDA_FIELD_NUMBER: _ClassVar[int]
    APPROVE_EXTENSION_FIELD_NUMBER: _ClassVar[int]
    CALL_ID_FIELD_NUMBER: _ClassVar[int]
    CANCEL_MEETING_FIELD_NUMBER: _ClassVar[int]
    CHECK_HEALTH_FIELD_NUMBER: _ClassVar[int]
    CLOSE_FIELD_NUMBER: _ClassVar[int]
    CLOSE_UNRATED_FIELD_NUMBER: _ClassVar[int]
    COMMEND_FIELD_NUMBER: _ClassVar[int]
    DECLINE_FIELD_NUMBER: _ClassVar[int]
    DENY_EXTENSION_FIELD_NUMBER: _ClassVar[int]
    DISCARD_DEAD_LETTER_FIELD_NUMBER: _ClassVar[int]
    DISPATCH_FIELD_NUMBER: _ClassVar[int]
    END_LINK_FIELD_NUMBER: _ClassVar[int]
    END_OF_STREAM_FIELD_NUMBER: _ClassVar[int]
    ESTABLISH_LINK_FIELD_NUMBER: _ClassVar[int]
    EVALUATE_FIELD_NUMBER: _ClassVar[int]
    EXPORT_CASES_FIELD_NUMBER: _ClassVar[int]
    EXPORT_SCORECARDS_FIELD_NUMBER: _ClassVar[int]
    FIND_CASES_FIELD_NUMBER: _ClassVar[int]
    GET_ANNUAL_ASSESSMENT_FIELD_NUMBER: _ClassVar[int]
    GET_ATTENDANCE_FIELD_NUMBER: _ClassVar[int]
    GET_CASE_FIELD_NUMBER: _ClassVar[int]
    GET_COVERAGE_FIELD_NUMBER: _ClassVar[int]
    GET_HISTORY_FIELD_NUMBER: _ClassVar[int]
    GET_MEETING_FIELD_NUMBER: _ClassVar[int]
    GET_NOTIFICATION_PROGRESS_FIELD_NUMBER: _ClassVar[int]
    GET_PUBLIC_NOTICE_FIELD_NUMBER: _ClassVar[int]
    GET_SCORECARD_FIELD_NUMBER: _ClassVar[int]
    GET_SERVER_INFO_FIELD_NUMBER: _ClassVar[int]
    HANDLE_LOCALLY_FIELD_NUMBER: _ClassVar[int]
    HOLD_MEETING_FIELD_NUMBER: _ClassVar[int]
    ISSUE_KEY_FIELD_NUMBER: _ClassVar[int]
    LIST_ACCOUNTS_FIELD_NUMBER: _ClassVar[int]
    LIST_ACCOUNT_CHANGES_FIELD_NUMBER: _ClassVar[int]
    LIST_CADENCE_LAPSES_FIELD_NUMBER: _ClassVar[int]
    LIST_CATEGORIES_FIELD_NUMBER: _ClassVar[int]
    LIST_CHANGES_FIELD_NUMBER: _ClassVar[int]
    LIST_COMMENDATIONS_FIELD_NUMBER: _ClassVar[int]
    LIST_COMMUNITIES_FIELD_NUMBER: _ClassVar[int]
    LIST_DEAD_LETTERS_FIELD_NUMBER: _ClassVar[int]
    LIST_ELECTIONS_FIELD_NUMBER: _ClassVar[int]
    LIST_LINKS_FIELD_NUMBER: _ClassVar[int]
    LIST_MEETINGS_FIELD_NUMBER: _ClassVar[int]
    LIST_MEETING_CADENCE_GAPS_FIELD_NUMBER: _ClassVar[int]
    LIST_PEOPLE_FIELD_NUMBER: _ClassVar[int]
    LIST_REPRESENTATIVES_FIELD_NUMBER: _ClassVar[int]
    LIST_SIGN_IN_FAILURES_FIELD_NUMBER: _ClassVar[int]
    LIST_UNITS_FIELD_NUMBER: _ClassVar[int]
    LIST_VISITS_FIELD_NUMBER: _ClassVar[int]
    LOAD_DIRECTORY_FIELD_NUMBER: _ClassVar[int]
    LOCATE_GRID_CELL_FIELD_NUMBER: _ClassVar[int]
    LOG_VISIT_FIELD_NUMBER: _ClassVar[int]
    MERGE_FIELD_NUMBER: _ClassVar[int]
    RAISE_CASE_ON_VISIT_FIELD_NUMBER: _ClassVar[int]
    RECORD_DELIBERATION_OUTCOME_FIELD_NUMBER: _ClassVar[int]
    RECORD_ELECTION_FIELD_NUMBER: _ClassVar[int]
    RECORD_FEEDBACK_FIELD_NUMBER: _ClassVar[int]
    REFER_FIELD_NUMBER: _ClassVar[int]
    REPLAY_DEAD_LETTER_FIELD_NUMBER: _ClassVar[int]
    REQUEST_EXTENSION_FIELD_NUMBER: _ClassVar[int]
    RESCHEDULE_MEETING_FIELD_NUMBER: _ClassVar[int]
    RESOLVE_FIELD_NUMBER: _ClassVar[int]
    RETURN_CASE_FIELD_NUMBER: _ClassVar[int]
    REVOKE_KEY_FIELD_NUMBER: _ClassVar[int]
    REWORK_FIELD_NUMBER: _ClassVar[int]
    ROTATE_KEY_FIELD_NUMBER: _ClassVar[int]
    SCHEDULE_DELIBERATION_FIELD_NUMBER: _ClassVar[int]
    SCHEDULE_MEETING_FIELD_NUMBER: _ClassVar[int]
    SET_ACCOUNT_DISABLED_FIELD_NUMBER: _ClassVar[int]
    SET_ACCOUNT_ROLES_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    SUBMIT_FIELD_NUMBER: _ClassVar[int]
    VERIFY_FIELD_NUMBER: _ClassVar[int]
    WATCH_EVENTS_FIELD_NUMBER: _ClassVar[int]
    WITHDRAW_FIELD_NUMBER: _ClassVar[int]
    accept: AcceptResponse
    add_account: AccountResponse
    add_progress: AddProgressResponse
    add_to_agenda: AddToAgendaResponse
    approve_extension: ApproveExtensionResponse
    call_id: int
    cancel_meeting: CancelMeetingResponse
    check_health: CheckHealthResponse
    close: CloseResponse
    close_unrated: CloseUnratedResponse
    commend: CommendResponse
    decline: DeclineResponse
    deny_extension: DenyExtensionResponse
    discard_dead_letter: DeadLetterResponse
    dispatch: DispatchResponse
    end_link: EndLinkResponse
    end_of_stream: bool
    establish_link: EstablishLinkResponse
    evaluate: EvaluateResponse
    export_cases: ExportCasesResponse
    export_scorecards: ExportScorecardsResponse
    find_cases: FindCasesResponse
    get_annual_assessment: GetAnnualAssessmentResponse
    get_attendance: GetAttendanceResponse
    get_case: GetCaseResponse
    get_coverage: GetCoverageResponse
    get_history: GetHistoryResponse
    get_meeting: GetMeetingResponse
    get_notification_progress: GetNotificationProgressResponse
    get_public_notice: GetPublicNoticeResponse
    get_scorecard: GetScorecardResponse
    get_server_info: GetServerInfoResponse
    handle_locally: HandleLocallyResponse
    hold_meeting: HoldMeetingResponse
    issue_key: IssuedKeyResponse
    list_account_changes: ListAccountChangesResponse
    list_accounts: ListAccountsResponse
    list_cadence_lapses: ListCadenceLapsesResponse
    list_categories: ListCategoriesResponse
    list_changes: ListChangesResponse
    list_commendations: ListCommendationsResponse
    list_communities: ListCommunitiesResponse
    list_dead_letters: ListDeadLettersResponse
    list_elections: ListElectionsResponse
    list_links: ListLinksResponse
    list_meeting_cadence_gaps: ListMeetingCadenceGapsResponse
    list_meetings: ListMeetingsResponse
    list_people: ListPeopleResponse
    list_representatives: ListRepresentativesResponse
    list_sign_in_failures: ListSignInFailuresResponse
    list_units: ListUnitsResponse
    list_visits: ListVisitsResponse
    load_directory: LoadDirectoryResponse
    locate_grid_cell: LocateGridCellResponse
    log_visit: LogVisitResponse
    merge: MergeResponse
    raise_case_on_visit: RaiseCaseOnVisitResponse
    record_deliberation_outcome: RecordDeliberationOutcomeResponse
    record_election: RecordElectionResponse
    record_feedback: RecordFeedbackResponse
    refer: ReferResponse
    replay_dead_letter: DeadLetterResponse
    request_extension: RequestExtensionResponse
    reschedule_meeting: RescheduleMeetingResponse
    resolve: ResolveResponse
    return_case: ReturnCaseResponse
    revoke_key: AccountResponse
    rework: ReworkResponse
    rotate_key: IssuedKeyResponse
    schedule_deliberation: ScheduleDeliberationResponse
    schedule_meeting: ScheduleMeetingResponse
    set_account_disabled: AccountResponse
    set_account_roles: AccountResponse
    status: Status
    submit: SubmitResponse
    verify: VerifyResponse
    watch_events: WatchEventsResponse
    withdraw: WithdrawResponse
    def __init__(self, call_id: _Optional[int] = ..., status: _Optional[_Union[Status, _Mapping]] = ..., end_of_stream: bool = ..., get_server_info: _Optional[_Union[GetServerInfoResponse, _Mapping]] = ..., check_health: _Optional[_Union[CheckHealthResponse, _Mapping]] = ..., list_communities: _Optional[_Union[ListCommunitiesResponse, _Mapping]] = ..., locate_grid_cell: _Optional[_Union[LocateGridCellResponse, _Mapping]] = ..., list_units: _Optional[_Union[ListUnitsResponse, _Mapping]] = ..., list_people: _Optional[_Union[ListPeopleResponse, _Mapping]] = ..., list_categories: _Optional[_Union[ListCategoriesResponse, _Mapping]] = ..., get_case: _Optional[_Union[GetCaseResponse, _Mapping]] = ..., get_history: _Optional[_Union[GetHistoryResponse, _Mapping]] = ..., find_cases: _Optional[_Union[FindCasesResponse, _Mapping]] = ..., list_changes: _Optional[_Union[ListChangesResponse, _Mapping]] = ..., watch_events: _Optional[_Union[WatchEventsResponse, _Mapping]] = ..., submit: _Optional[_Union[SubmitResponse, _Mapping]] = ..., accept: _Optional[_Union[AcceptResponse, _Mapping]] = ..., decline: _Optional[_Union[DeclineResponse, _Mapping]] = ..., refer: _Optional[_Union[ReferResponse, _Mapping]] = ..., dispatch: _Optional[_Union[DispatchResponse, _Mapping]] = ..., handle_locally: _Optional[_Union[HandleLocallyResponse, _Mapping]] = ..., return_case: _Optional[_Union[ReturnCaseResponse, _Mapping]] = ..., merge: _Optional[_Union[MergeResponse, _Mapping]] = ..., schedule_deliberation: _Optional[_Union[ScheduleDeliberationResponse, _Mapping]] = ..., record_deliberation_outcome: _Optional[_Union[RecordDeliberationOutcomeResponse, _Mapping]] = ..., add_progress: _Optional[_Union[AddProgressResponse, _Mapping]] = ..., request_extension: _Optional[_Union[RequestExtensionResponse, _Mapping]] = ..., approve_extension: _Optional[_Union[ApproveExtensionResponse, _Mapping]] = ..., deny_extension: _Optional[_Union[DenyExtensionResponse, _Mapping]] = ..., resolve: _Optional[_Union[ResolveResponse, _Mapping]] = ..., record_feedback: _Optional[_Union[RecordFeedbackResponse, _Mapping]] = ..., evaluate: _Optional[_Union[EvaluateResponse, _Mapping]] = ..., rework: _Optional[_Union[ReworkResponse, _Mapping]] = ..., verify: _Optional[_Union[VerifyResponse, _Mapping]] = ..., close: _Optional[_Union[CloseResponse, _Mapping]] = ..., withdraw: _Optional[_Union[WithdrawResponse, _Mapping]] = ..., close_unrated: _Optional[_Union[CloseUnratedResponse, _Mapping]] = ..., schedule_meeting: _Optional[_Union[ScheduleMeetingResponse, _Mapping]] = ..., add_to_agenda: _Optional[_Union[AddToAgendaResponse, _Mapping]] = ..., reschedule_meeting: _Optional[_Union[RescheduleMeetingResponse, _Mapping]] = ..., cancel_meeting: _Optional[_Union[CancelMeetingResponse, _Mapping]] = ..., hold_meeting: _Optional[_Union[HoldMeetingResponse, _Mapping]] = ..., get_meeting: _Optional[_Union[GetMeetingResponse, _Mapping]] = ..., list_meetings: _Optional[_Union[ListMeetingsResponse, _Mapping]] = ..., get_public_notice: _Optional[_Union[GetPublicNoticeResponse, _Mapping]] = ..., list_meeting_cadence_gaps: _Optional[_Union[ListMeetingCadenceGapsResponse, _Mapping]] = ..., establish_link: _Optional[_Union[EstablishLinkResponse, _Mapping]] = ..., end_link: _Optional[_Union[EndLinkResponse, _Mapping]] = ..., log_visit: _Optional[_Union[LogVisitResponse, _Mapping]] = ..., raise_case_on_visit: _Optional[_Union[RaiseCaseOnVisitResponse, _Mapping]] = ..., list_links: _Optional[_Union[ListLinksResponse, _Mapping]] = ..., list_visits: _Optional[_Union[ListVisitsResponse, _Mapping]] = ..., get_coverage: _Optional[_Union[GetCoverageResponse, _Mapping]] = ..., list_cadence_lapses: _Optional[_Union[ListCadenceLapsesResponse, _Mapping]] = ..., record_election: _Optional[_Union[RecordElectionResponse, _Mapping]] = ..., list_elections: _Optional[_Union[ListElectionsResponse, _Mapping]] = ..., list_representatives: _Optional[_Union[ListRepresentativesResponse, _Mapping]] = ..., get_attendance: _Optional[_Union[GetAttendanceResponse, _Mapping]] = ..., commend: _Optional[_Union[CommendResponse, _Mapping]] = ..., list_commendations: _Optional[_Union[ListCommendationsResponse, _Mapping]] = ..., get_scorecard: _Optional[_Union[GetScorecardResponse, _Mapping]] = ..., get_annual_assessment: _Optional[_Union[GetAnnualAssessmentResponse, _Mapping]] = ..., export_cases: _Optional[_Union[ExportCasesResponse, _Mapping]] = ..., export_scorecards: _Optional[_Union[ExportScorecardsResponse, _Mapping]] = ..., load_directory: _Optional[_Union[LoadDirectoryResponse, _Mapping]] = ..., list_dead_letters: _Optional[_Union[ListDeadLettersResponse, _Mapping]] = ..., replay_dead_letter: _Optional[_Union[DeadLetterResponse, _Mapping]] = ..., discard_dead_letter: _Optional[_Union[DeadLetterResponse, _Mapping]] = ..., get_notification_progress: _Optional[_Union[GetNotificationProgressResponse, _Mapping]] = ..., add_account: _Optional[_Union[AccountResponse, _Mapping]] = ..., set_account_roles: _Optional[_Union[AccountResponse, _Mapping]] = ..., set_account_disabled: _Optional[_Union[AccountResponse, _Mapping]] = ..., list_accounts: _Optional[_Union[ListAccountsResponse, _Mapping]] = ..., issue_key: _Optional[_Union[IssuedKeyResponse, _Mapping]] = ..., rotate_key: _Optional[_Union[IssuedKeyResponse, _Mapping]] = ..., revoke_key: _Optional[_Union[AccountResponse, _Mapping]] = ..., list_account_changes: _Optional[_Union[ListAccountChangesResponse, _Mapping]] = ..., list_sign_in_failures: _Optional[_Union[ListSignInFailuresResponse, _Mapping]] = ...) -> None: ...

class ResponsibleUnit(_message.Message):
    __slots__ = ["code", "kind", "name"]
    CODE_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    code: str
    kind: UnitKind
    name: str
    def __init__(self, code: _Optional[str] = ..., name: _Optional[str] = ..., kind: _Optional[_Union[UnitKind, str]] = ...) -> None: ...

class ReturnCaseRequest(_message.Message):
    __slots__ = ["case_id", "expected_version", "reason"]
    CASE_ID_FIELD_NUMBER: _ClassVar[int]
    EXPECTED_VERSION_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    case_id: str
    expected_version: int
    reason: str
    def __init__(self, case_id: _Optional[str] = ..., expected_version: _Optional[int] = ..., reason: _Optional[str] = ...) -> None: ...

class ReturnCaseResponse(_message.Message):
    __slots__ = ["case"]
    CASE_FIELD_NUMBER: _ClassVar[int]
    case: Case
    def __init__(self, case: _Optional[_Union[Case, _Mapping]] = ...) -> None: ...

class ReturnedChange(_message.Message):
    __slots__ = ["reason", "unit"]
    REASON_FIELD_NUMBER: _ClassVar[int]
    UNIT_FIELD_NUMBER: _ClassVar[int]
    reason: str
    unit: str
    def __init__(self, unit: _Optional[str] = ..., reason: _Optional[str] = ...) -> None: ...

class RevokeKeyRequest(_message.Message):
    __slots__ = ["key_id"]
    KEY_ID_FIELD_NUMBER: _ClassVar[int]
    key_id: str
    def __init__(self, key_id: _Optional[str] = ...) -> None: ...

class ReworkRequest(_message.Message):
    __slots__ = ["case_id", "expected_version", "reason"]
    CASE_ID_FIELD_NUMBER: _ClassVar[int]
    EXPECTED_VERSION_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    case_id: str
    expected_version: int
    reason: str
    def __init__(self, case_id: _Optional[str] = ..., expected_version: _Optional[int] = ..., reason: _Optional[str] = ...) -> None: ...

class ReworkResponse(_message.Message):
    __slots__ = ["case"]
    CASE_FIELD_NUMBER: _ClassVar[int]
    case: Case
    def __init__(self, case: _Optional[_Union[Case, _Mapping]] = ...) -> None: ...

class ReworkStartedChange(_message.Message):
    __slots__ = ["handling_due", "reason"]
    HANDLING_DUE_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    handling_due: int
    reason: str
    def __init__(self, reason: _Optional[str] = ..., handling_due: _Optional[int] = ...) -> None: ...

class RotateKeyRequest(_message.Message):
    __slots__ = ["expires_at", "key_id"]
    EXPIRES_AT_FIELD_NUMBER: _ClassVar[int]
    KEY_ID_FIELD_NUMBER: _ClassVar[int]
    expires_at: int
    key_id: str
    def __init__(self, key_id: _Optional[str] = ..., expires_at: _Optional[int] = ...) -> None: ...

class ScheduleDeliberationRequest(_message.Message):
    __slots__ = ["case_id", "expected_version", "meeting", "note"]
    CASE_ID_FIELD_NUMBER: _ClassVar[int]
    EXPECTED_VERSION_FIELD_NUMBER: _ClassVar[int]
    MEETING_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    case_id: str
    expected_version: int
    meeting: str
    note: str
    def __init__(self, case_id: _Optional[str] = ..., expected_version: _Optional[int] = ..., meeting: _Optional[str] = ..., note: _Optional[str] = ...) -> None: ...

class ScheduleDeliberationResponse(_message.Message):
    __slots__ = ["case"]
    CASE_FIELD_NUMBER: _ClassVar[int]
    case: Case
    def __init__(self, case: _Optional[_Union[Case, _Mapping]] = ...) -> None: ...

class ScheduleMeetingRequest(_message.Message):
    __slots__ = ["plan"]
    PLAN_FIELD_NUMBER: _ClassVar[int]
    plan: MeetingPlan
    def __init__(self, plan: _Optional[_Union[MeetingPlan, _Mapping]] = ...) -> None: ...

class ScheduleMeetingResponse(_message.Message):
    __slots__ = ["meeting"]
    MEETING_FIELD_NUMBER: _ClassVar[int]
    meeting: Meeting
    def __init__(self, meeting: _Optional[_Union[Meeting, _Mapping]] = ...) -> None: ...

class ScheduledForDeliberationChange(_message.Message):
    __slots__ = ["meeting", "note"]
    MEETING_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    meeting: str
    note: str
    def __init__(self, meeting: _Optional[str] = ..., note: _Optional[str] = ...) -> None: ...

class Scorecard(_message.Message):
    __slots__ = ["as_of", "cases_received", "measures", "subject", "through"]
    AS_OF_FIELD_NUMBER: _ClassVar[int]
    CASES_RECEIVED_FIELD_NUMBER: _ClassVar[int]
    FROM_FIELD_NUMBER: _ClassVar[int]
    MEASURES_FIELD_NUMBER: _ClassVar[int]
    SUBJECT_FIELD_NUMBER: _ClassVar[int]
    THROUGH_FIELD_NUMBER: _ClassVar[int]
    as_of: int
    cases_received: int
    measures: _containers.RepeatedCompositeFieldContainer[Measure]
    subject: ScorecardSubject
    through: str
    def __init__(self, subject: _Optional[_Union[ScorecardSubject, _Mapping]] = ..., through: _Optional[str] = ..., as_of: _Optional[int] = ..., cases_received: _Optional[int] = ..., measures: _Optional[_Iterable[_Union[Measure, _Mapping]]] = ..., **kwargs) -> None: ...

class ScorecardSubject(_message.Message):
    __slots__ = ["community", "leader", "unit"]
    COMMUNITY_FIELD_NUMBER: _ClassVar[int]
    LEADER_FIELD_NUMBER: _ClassVar[int]
    UNIT_FIELD_NUMBER: _ClassVar[int]
    community: str
    leader: str
    unit: str
    def __init__(self, community: _Optional[str] = ..., unit: _Optional[str] = ..., leader: _Optional[str] = ...) -> None: ...

class SetAccountDisabledRequest(_message.Message):
    __slots__ = ["disabled", "person_id"]
    DISABLED_FIELD_NUMBER: _ClassVar[int]
    PERSON_ID_FIELD_NUMBER: _ClassVar[int]
    disabled: bool
    person_id: str
    def __init__(self, person_id: _Optional[str] = ..., disabled: bool = ...) -> None: ...

class SetAccountRolesRequest(_message.Message):
    __slots__ = ["person_id", "roles"]
    PERSON_ID_FIELD_NUMBER: _ClassVar[int]
    ROLES_FIELD_NUMBER: _ClassVar[int]
    person_id: str
    roles: _containers.RepeatedScalarFieldContainer[AccountRole]
    def __init__(self, person_id: _Optional[str] = ..., roles: _Optional[_Iterable[_Union[AccountRole, str]]] = ...) -> None: ...

class SignInFailures(_message.Message):
    __slots__ = ["delayed_until", "failures", "kind", "last_failure_at", "subject"]
    DELAYED_UNTIL_FIELD_NUMBER: _ClassVar[int]
    FAILURES_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    LAST_FAILURE_AT_FIELD_NUMBER: _ClassVar[int]
    SUBJECT_FIELD_NUMBER: _ClassVar[int]
    delayed_until: int
    failures: int
    kind: str
    last_failure_at: int
    subject: str
    def __init__(self, kind: _Optional[str] = ..., subject: _Optional[str] = ..., failures: _Optional[int] = ..., last_failure_at: _Optional[int] = ..., delayed_until: _Optional[int] = ...) -> None: ...

class Status(_message.Message):
    __slots__ = ["allowed_operations", "case_status", "code", "field", "message", "reason"]
    class Code(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
        __slots__ = []
    ABORTED: Status.Code
    ALLOWED_OPERATIONS_FIELD_NUMBER: _ClassVar[int]
    ALREADY_EXISTS: Status.Code
    CANCELLED: Status.Code
    CASE_STATUS_FIELD_NUMBER: _ClassVar[int]
    CODE_FIELD_NUMBER: _ClassVar[int]
    DATA_LOSS: Status.Code
    DEADLINE_EXCEEDED: Status.Code
    FAILED_PRECONDITION: Status.Code
    FIELD_FIELD_NUMBER: _ClassVar[int]
    INTERNAL: Status.Code
    INVALID_ARGUMENT: Status.Code
    MESSAGE_FIELD_NUMBER: _ClassVar[int]
    NOT_FOUND: Status.Code
    OK: Status.Code
    OUT_OF_RANGE: Status.Code
    PERMISSION_DENIED: Status.Code
    REASON_FIELD_NUMBER: _ClassVar[int]
    RESOURCE_EXHAUSTED: Status.Code
    UNAUTHENTICATED: Status.Code
    UNAVAILABLE: Status.Code
    UNIMPLEMENTED: Status.Code
    UNKNOWN: Status.Code
    allowed_operations: _containers.RepeatedScalarFieldContainer[CaseOperation]
    case_status: CaseStatus
    code: Status.Code
    field: str
    message: str
    reason: str
    def __init__(self, code: _Optional[_Union[Status.Code, str]] = ..., message: _Optional[str] = ..., field: _Optional[str] = ..., reason: _Optional[str] = ..., case_status: _Optional[_Union[CaseStatus, str]] = ..., allowed_operations: _Optional[_Iterable[_Union[CaseOperation, str]]] = ...) -> None: ...

class Submission(_message.Message):
    __slots__ = ["attachments", "category", "community", "description", "external_reference", "location", "priority", "requested_due", "source", "submitter", "title"]
    ATTACHMENTS_FIELD_NUMBER: _ClassVar[int]
    CATEGORY_FIELD_NUMBER: _ClassVar[int]
    COMMUNITY_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    EXTERNAL_REFERENCE_FIELD_NUMBER: _ClassVar[int]
    LOCATION_FIELD_NUMBER: _ClassVar[int]
    PRIORITY_FIELD_NUMBER: _ClassVar[int]
    REQUESTED_DUE_FIELD_NUMBER: _ClassVar[int]
    SOURCE_FIELD_NUMBER: _ClassVar[int]
    SUBMITTER_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    attachments: _containers.RepeatedScalarFieldContainer[str]
    category: str
    community: str
    description: str
    external_reference: ExternalReference
    location: Location
    priority: Priority
    requested_due: int
    source: CaseSource
    submitter: PersonalData
    title: str
    def __init__(self, title: _Optional[str] = ..., description: _Optional[str] = ..., source: _Optional[_Union[CaseSource, str]] = ..., community: _Optional[str] = ..., category: _Optional[str] = ..., priority: _Optional[_Union[Priority, str]] = ..., location: _Optional[_Union[Location, _Mapping]] = ..., submitter: _Optional[_Union[PersonalData, _Mapping]] = ..., external_reference: _Optional[_Union[ExternalReference, _Mapping]] = ..., requested_due: _Optional[int] = ..., attachments: _Optional[_Iterable[str]] = ...) -> None: ...

class SubmitRequest(_message.Message):
    __slots__ = ["submission"]
    SUBMISSION_FIELD_NUMBER: _ClassVar[int]
    submission: Submission
    def __init__(self, submission: _Optional[_Union[Submission, _Mapping]] = ...) -> None: ...

class SubmitResponse(_message.Message):
    __slots__ = ["case", "created"]
    CASE_FIELD_NUMBER: _ClassVar[int]
    CREATED_FIELD_NUMBER: _ClassVar[int]
    case: Case
    created: bool
    def __init__(self, case: _Optional[_Union[Case, _Mapping]] = ..., created: bool = ...) -> None: ...

class SubmittedChange(_message.Message):
    __slots__ = ["community", "requires_verification", "response_due", "submission"]
    COMMUNITY_FIELD_NUMBER: _ClassVar[int]
    REQUIRES_VERIFICATION_FIELD_NUMBER: _ClassVar[int]
    RESPONSE_DUE_FIELD_NUMBER: _ClassVar[int]
    SUBMISSION_FIELD_NUMBER: _ClassVar[int]
    community: str
    requires_verification: bool
    response_due: int
    submission: Submission
    def __init__(self, submission: _Optional[_Union[Submission, _Mapping]] = ..., community: _Optional[str] = ..., response_due: _Optional[int] = ..., requires_verification: bool = ...) -> None: ...

class TimeLimit(_message.Message):
    __slots__ = ["count", "unit"]
    class Unit(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
        __slots__ = []
    CALENDAR_DAYS: TimeLimit.Unit
    COUNT_FIELD_NUMBER: _ClassVar[int]
    HOURS: TimeLimit.Unit
    UNIT_FIELD_NUMBER: _ClassVar[int]
    UNIT_UNSPECIFIED: TimeLimit.Unit
    WORKING_DAYS: TimeLimit.Unit
    count: int
    unit: TimeLimit.Unit
    def __init__(self, unit: _Optional[_Union[TimeLimit.Unit, str]] = ..., count: _Optional[int] = ...) -> None: ...

class TimeLimitPolicy(_message.Message):
    __slots__ = ["defaults", "due_soon_hours", "rework_limit", "rules", "supervision_after_hours", "verifying_sources"]
    DEFAULTS_FIELD_NUMBER: _ClassVar[int]
    DUE_SOON_HOURS_FIELD_NUMBER: _ClassVar[int]
    REWORK_LIMIT_FIELD_NUMBER: _ClassVar[int]
    RULES_FIELD_NUMBER: _ClassVar[int]
    SUPERVISION_AFTER_HOURS_FIELD_NUMBER: _ClassVar[int]
    VERIFYING_SOURCES_FIELD_NUMBER: _ClassVar[int]
    defaults: TimeLimits
    due_soon_hours: int
    rework_limit: int
    rules: _containers.RepeatedCompositeFieldContainer[TimeLimitRule]
    supervision_after_hours: int
    verifying_sources: _containers.RepeatedScalarFieldContainer[CaseSource]
    def __init__(self, defaults: _Optional[_Union[TimeLimits, _Mapping]] = ..., rules: _Optional[_Iterable[_Union[TimeLimitRule, _Mapping]]] = ..., due_soon_hours: _Optional[int] = ..., supervision_after_hours: _Optional[int] = ..., rework_limit: _Optional[int] = ..., verifying_sources: _Optional[_Iterable[_Union[CaseSource, str]]] = ...) -> None: ...

class TimeLimitRule(_message.Message):
    __slots__ = ["category", "limits", "priority", "source"]
    CATEGORY_FIELD_NUMBER: _ClassVar[int]
    LIMITS_FIELD_NUMBER: _ClassVar[int]
    PRIORITY_FIELD_NUMBER: _ClassVar[int]
    SOURCE_FIELD_NUMBER: _ClassVar[int]
    category: str
    limits: TimeLimits
    priority: Priority
    source: CaseSource
    def __init__(self, category: _Optional[str] = ..., priority: _Optional[_Union[Priority, str]] = ..., source: _Optional[_Union[CaseSource, str]] = ..., limits: _Optional[_Union[TimeLimits, _Mapping]] = ...) -> None: ...

class TimeLimits(_message.Message):
    __slots__ = ["evaluation_window", "handling", "max_extension", "response"]
    EVALUATION_WINDOW_FIELD_NUMBER: _ClassVar[int]
    HANDLING_FIELD_NUMBER: _ClassVar[int]
    MAX_EXTENSION_FIELD_NUMBER: _ClassVar[int]
    RESPONSE_FIELD_NUMBER: _ClassVar[int]
    evaluation_window: TimeLimit
    handling: TimeLimit
    max_extension: TimeLimit
    response: TimeLimit
    def __init__(self, response: _Optional[_Union[TimeLimit, _Mapping]] = ..., handling: _Optional[_Union[TimeLimit, _Mapping]] = ..., evaluation_window: _Optional[_Union[TimeLimit, _Mapping]] = ..., max_extension: _Optional[_Union[TimeLimit, _Mapping]] = ...) -> None: ...

class Verification(_message.Message):
    __slots__ = ["note", "passed"]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    PASSED_FIELD_NUMBER: _ClassVar[int]
    note: str
    passed: bool
    def __init__(self, passed: bool = ..., note: _Optional[str] = ...) -> None: ...

class VerifiedChange(_message.Message):
    __slots__ = ["handling_due", "verification"]
    HANDLING_DUE_FIELD_NUMBER: _ClassVar[int]
    VERIFICATION_FIELD_NUMBER: _ClassVar[int]
    handling_due: int
    verification: Verification
    def __init__(self, verification: _Optional[_Union[Verification, _Mapping]] = ..., handling_due: _Optional[int] = ...) -> None: ...

class VerifyRequest(_message.Message):
    __slots__ = ["case_id", "expected_version", "verification"]
    CASE_ID_FIELD_NUMBER: _ClassVar[int]
    EXPECTED_VERSION_FIELD_NUMBER: _ClassVar[int]
    VERIFICATION_FIELD_NUMBER: _ClassVar[int]
    case_id: str
    expected_version: int
    verification: Verification
    def __init__(self, case_id: _Optional[str] = ..., expected_version: _Optional[int] = ..., verification: _Optional[_Union[Verification, _Mapping]] = ...) -> None: ...

class VerifyResponse(_message.Message):
    __slots__ = ["case"]
    CASE_FIELD_NUMBER: _ClassVar[int]
    case: Case
    def __init__(self, case: _Optional[_Union[Case, _Mapping]] = ...) -> None: ...

class Visit(_message.Message):
    __slots__ = ["at", "community", "help_given", "hours", "id", "kind", "link", "notes", "people", "raised_cases"]
    AT_FIELD_NUMBER: _ClassVar[int]
    COMMUNITY_FIELD_NUMBER: _ClassVar[int]
    HELP_GIVEN_FIELD_NUMBER: _ClassVar[int]
    HOURS_FIELD_NUMBER: _ClassVar[int]
    ID_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    LINK_FIELD_NUMBER: _ClassVar[int]
    NOTES_FIELD_NUMBER: _ClassVar[int]
    PEOPLE_FIELD_NUMBER: _ClassVar[int]
    RAISED_CASES_FIELD_NUMBER: _ClassVar[int]
    at: int
    community: str
    help_given: str
    hours: float
    id: str
    kind: LinkKind
    link: str
    notes: str
    people: _containers.RepeatedScalarFieldContainer[str]
    raised_cases: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, id: _Optional[str] = ..., link: _Optional[str] = ..., kind: _Optional[_Union[LinkKind, str]] = ..., community: _Optional[str] = ..., at: _Optional[int] = ..., people: _Optional[_Iterable[str]] = ..., hours: _Optional[float] = ..., notes: _Optional[str] = ..., help_given: _Optional[str] = ..., raised_cases: _Optional[_Iterable[str]] = ...) -> None: ...

class Vote(_message.Message):
    __slots__ = ["abstaining", "against", "in_favour"]
    ABSTAINING_FIELD_NUMBER: _ClassVar[int]
    AGAINST_FIELD_NUMBER: _ClassVar[int]
    IN_FAVOUR_FIELD_NUMBER: _ClassVar[int]
    abstaining: int
    against: int
    in_favour: int
    def __init__(self, in_favour: _Optional[int] = ..., against: _Optional[int] = ..., abstaining: _Optional[int] = ...) -> None: ...

class WatchEventsRequest(_message.Message):
    __slots__ = ["after"]
    AFTER_FIELD_NUMBER: _ClassVar[int]
    after: int
    def __init__(self, after: _Optional[int] = ...) -> None: ...

class WatchEventsResponse(_message.Message):
    __slots__ = ["events", "submitter_disclosure"]
    EVENTS_FIELD_NUMBER: _ClassVar[int]
    SUBMITTER_DISCLOSURE_FIELD_NUMBER: _ClassVar[int]
    events: _containers.RepeatedCompositeFieldContainer[Event]
    submitter_disclosure: PersonalDataDisclosure
    def __init__(self, events: _Optional[_Iterable[_Union[Event, _Mapping]]] = ..., submitter_disclosure: _Optional[_Union[PersonalDataDisclosure, str]] = ...) -> None: ...

class WithdrawRequest(_message.Message):
    __slots__ = ["case_id", "expected_version", "reason"]
    CASE_ID_FIELD_NUMBER: _ClassVar[int]
    EXPECTED_VERSION_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    case_id: str
    expected_version: int
    reason: str
    def __init__(self, case_id: _Optional[str] = ..., expected_version: _Optional[int] = ..., reason: _Optional[str] = ...) -> None: ...

class WithdrawResponse(_message.Message):
    __slots__ = ["case"]
    CASE_FIELD_NUMBER: _ClassVar[int]
    case: Case
    def __init__(self, case: _Optional[_Union[Case, _Mapping]] = ...) -> None: ...

class WithdrawnChange(_message.Message):
    __slots__ = ["reason"]
    REASON_FIELD_NUMBER: _ClassVar[int]
    reason: str
    def __init__(self, reason: _Optional[str] = ...) -> None: ...

class CaseStatus(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = []

class LoopStep(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = []

class CaseOperation(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = []

class CaseSource(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = []

class Priority(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = []

class Disposition(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = []

class DeadlineState(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = []

class PersonalDataDisclosure(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = []

class Rating(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = []

class DeadlineAlertLevel(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = []

class DeadlineClock(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = []

class UnitKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = []

class PersonRole(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = []

class MeetingStatus(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = []

class MeetingPlaceKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = []

class MeetingFormat(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = []

class ParticipantRole(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = []

class LinkKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = []

class ElectionMethod(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = []

class MeasureKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = []

class DeadLetterState(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = []

class AccountRole(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = []
