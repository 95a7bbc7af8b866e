// What each indicator means to a planner and how its numbers and days are written (no state, no DOM).

export const ENGLAND = 'ENG';
export const TREND_DAYS = 56;
// What each indicator of indicators.md means to a planner, and how its number is written. `bare` writes an
// interval's bounds: the same number without its unit, so "47.6% (45.1–50.0)" reads as one value.
export const MINUS = '\u2212';
export const signed = (x, digits) => (x > 0 ? '+' : x < 0 ? MINUS : '') + Math.abs(x).toFixed(digits);
export const unsigned = (x, digits) => (x < 0 ? MINUS : '') + Math.abs(x).toFixed(digits);
export const PCT = (v) => unsigned(v * 100, 1) + '%';
export const PCT_BARE = (v) => unsigned(v * 100, 1);
export const SIGNED_PCT = (v) => signed(v * 100, 1) + '%';
export const SIGNED_PCT_BARE = (v) => signed(v * 100, 1);
export const INDICATORS = {
  ag_dropoff: {title: 'Advice & Guidance drop-off', help: 'fall in A&G requests against baseline, 7-day window', format: PCT, bare: PCT_BARE, fromReports: true},
  referral_change: {title: 'Referral change', help: 'against baseline, 7-day window', format: SIGNED_PCT, bare: SIGNED_PCT_BARE, fromReports: true},
  online_request_change: {title: 'Online request change', help: 'against baseline, 7-day window', format: SIGNED_PCT, bare: SIGNED_PCT_BARE, fromReports: true},
  urgent_care_diversions_rate: {title: 'Urgent-care diversions', help: 'per 1,000 patients per working day, 7-day window',
    format: (v) => unsigned(v, 2) + ' per 1,000', bare: (v) => unsigned(v, 2), fromReports: true},
  capped_session_share: {title: 'Sessions at the contact cap', help: 'share of clinician sessions, 7-day window', format: PCT, bare: PCT_BARE, fromReports: true},
  contacts_per_session: {title: 'Contacts per clinician session', help: '7-day window', format: (v) => unsigned(v, 1), bare: (v) => unsigned(v, 1), fromReports: true},
  reporting_completeness: {title: 'Reporting completeness', help: 'practices that reported for the day (working days only)', format: PCT, bare: PCT_BARE, fromReports: true},
  participating_practices: {title: 'Practices taking the action', format: (v) => String(Math.round(v)), bare: (v) => String(Math.round(v))},
  participation_rate: {title: 'Share of practices taking the action', format: PCT, bare: PCT_BARE},
  patients_covered_rate: {title: 'Share of patients covered', format: PCT, bare: PCT_BARE},
  attributable_change: {title: 'Attributable change', help: 'of each action\'s first-order effect', format: SIGNED_PCT, bare: SIGNED_PCT_BARE, fromReports: true},
  // NHS England's published appointments (indicators.md, "The GP appointments feed"): final, never provisional,
  // with their own horizon; not from practices' reports
  appointments_change: {title: 'Appointments change', help: 'NHS England\'s published appointments against baseline, 7-day window',
    format: SIGNED_PCT, bare: SIGNED_PCT_BARE},
  appointments_rate: {title: 'Appointments per 1,000 patients', help: 'per working day, 7-day window',
    format: (v) => unsigned(v, 2) + ' per 1,000', bare: (v) => unsigned(v, 2)}
};
/** indicators.md's default reporting lag L, used only when the server does not say (GET /api/v1/horizon). */
export const DEFAULT_LAG_DAYS = 3;
export const HEADLINE = ['ag_dropoff', 'referral_change', 'online_request_change', 'urgent_care_diversions_rate', 'capped_session_share',
  'contacts_per_session', 'reporting_completeness'];
/** The appointments feed's two counts, and the number of days its section charts: 13 weeks, a season in view. */
export const APPOINTMENT_METRICS = {all: 'All appointments', gp: 'GP appointments'};
export const APPOINTMENT_HELP = {all: 'every staff role', gp: 'staff role group GP'};
export const APPOINTMENT_DAYS = 91;
export const METRICS = {ag_requests: 'A&G requests', referrals: 'Referrals', online_requests: 'Online requests',
  urgent_care_diversions: 'Urgent-care diversions', patient_contacts: 'Patient contacts'};
// The first-order effect domain.md says to watch for each action with a measurable one: the attributable-change
// chart draws these pairs only (all 50 are in the table above it)
export const FIRST_ORDER = {CAP_DAILY_CONTACTS: 'urgent_care_diversions', STOP_ADVICE_AND_GUIDANCE: 'ag_requests',
  STOP_RATIONING_REFERRALS: 'referrals', DEFER_DIGITAL_SIGNOFF: 'online_requests'};
export const STATUS = {
  CRITICAL: {text: 'WORST CASE', css: 'critical', rank: 3},
  WARNING: {text: 'WARNING', css: 'warning', rank: 2},
  OK: {text: 'OK', css: 'ok', rank: 1},
  NONE: {text: 'No rule', css: 'none', rank: 0},
  // a value the definition leaves absent is not "OK": nothing says the threshold is not crossed
  NO_DATA: {text: 'No data', css: 'none', rank: 0},
  UNKNOWN: {text: 'Unknown', css: 'unknown', rank: 0}
};
export const COLOURS = ['#005eb8', '#d5281b', '#007f3b', '#7c2855', '#ed8b00', '#330072', '#00a499', '#425563', '#ae2573', '#006747'];

export function keyOf(v) {
  return v.indicator + '/' + (v.action || '') + '/' + (v.metric || '');
}

export const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
export const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "Tue 27 Aug 2024", the same in every browser (toLocaleDateString puts a comma after the weekday in some). */
export function formatDay(day) {
  const d = new Date(day + 'T12:00:00Z');
  return WEEKDAYS[d.getUTCDay()] + ' ' + d.getUTCDate() + ' ' + MONTHS[d.getUTCMonth()] + ' ' + d.getUTCFullYear();
}

export function formatValue(v) {
  if (!v || v.value === null || v.value === undefined) {
    return 'no value';
  }
  return INDICATORS[v.indicator].format(v.value);
}

export function present(x) {
  return x !== null && x !== undefined;
}

/** The 95% interval in brackets, "(45.1–50.0)", or '' where the definition gives none. */
export function formatInterval(v) {
  if (!v || !present(v.value) || !present(v.low) || !present(v.high)) {
    return '';
  }
  const bare = INDICATORS[v.indicator].bare;
  // an en dash between two negative numbers reads as a sum: write "to" when a bound carries a sign
  const sep = v.low < 0 || v.high < 0 || INDICATORS[v.indicator].format === SIGNED_PCT ? ' to ' : '\u2013';
  return '(' + bare(v.low) + sep + bare(v.high) + ')';
}

/** The value as a planner reads it: "47.6% (45.1–50.0)". */
export function formatReading(v) {
  const interval = formatInterval(v);
  return formatValue(v) + (interval ? ' ' + interval : '');
}

export function isAppointments(indicator) {
  return indicator === 'appointments_change' || indicator === 'appointments_rate';
}

export function isWeekend(day) {
  const weekday = new Date(day + 'T12:00:00Z').getUTCDay();
  return weekday === 0 || weekday === 6;
}

export function kindIn(day, holidays) {
  return holidays.has(day) ? 'bank holiday' : isWeekend(day) ? 'weekend' : '';
}

export function addDays(day, n) {
  const d = new Date(day + 'T12:00:00Z');
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}
