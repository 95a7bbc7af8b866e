// The planners' page: plain JS against the impact-streams API (api.md), Chart.js from a webjar, no build step.
// The credential lives in sessionStorage only (closing the tab signs out) and goes only in the Authorization
// header: the live stream is read with fetch() and a ReadableStream, because EventSource cannot send a header
// and a token in a URL ends up in logs.
(function () {
  'use strict';

  const TOKEN_KEY = 'impact-monitor-token';
  const ENGLAND = 'ENG';
  const TREND_DAYS = 56;
  const $ = (id) => document.getElementById(id);

  // What each indicator of indicators.md means to a planner, and how its number is written. `bare` writes an
  // interval's bounds: the same number without its unit, so "47.6% (45.1–50.0)" reads as one value.
  const MINUS = '\u2212';
  const signed = (x, digits) => (x > 0 ? '+' : x < 0 ? MINUS : '') + Math.abs(x).toFixed(digits);
  const unsigned = (x, digits) => (x < 0 ? MINUS : '') + Math.abs(x).toFixed(digits);
  const PCT = (v) => unsigned(v * 100, 1) + '%';
  const PCT_BARE = (v) => unsigned(v * 100, 1);
  const SIGNED_PCT = (v) => signed(v * 100, 1) + '%';
  const SIGNED_PCT_BARE = (v) => signed(v * 100, 1);
  const INDICATORS = {
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
  const DEFAULT_LAG_DAYS = 3;
  const HEADLINE = ['ag_dropoff', 'referral_change', 'online_request_change', 'urgent_care_diversions_rate', 'capped_session_share',
    'contacts_per_session', 'reporting_completeness'];
  /** The appointments feed's two counts, and the number of days its section charts: 13 weeks, a season in view. */
  const APPOINTMENT_METRICS = {all: 'All appointments', gp: 'GP appointments'};
  const APPOINTMENT_HELP = {all: 'every staff role', gp: 'staff role group GP'};
  const APPOINTMENT_DAYS = 91;
  const METRICS = {ag_requests: 'A&G requests', referrals: 'Referrals', online_requests: 'Online requests',
    urgent_care_diversions: 'Urgent-care diversions', patient_contacts: 'Patient contacts'};
  // The first-order effect domain.md says to watch for each action with a measurable one: the attributable-change
  // chart draws these pairs only (all 50 are in the table above it)
  const FIRST_ORDER = {CAP_DAILY_CONTACTS: 'urgent_care_diversions', STOP_ADVICE_AND_GUIDANCE: 'ag_requests',
    STOP_RATIONING_REFERRALS: 'referrals', DEFER_DIGITAL_SIGNOFF: 'online_requests'};
  const STATUS = {
    CRITICAL: {text: 'WORST CASE', css: 'critical', rank: 3},
    WARNING: {text: 'WARNING', css: 'warning', rank: 2},
    OK: {text: 'OK', css: 'ok', rank: 1},
    NONE: {text: 'No rule', css: 'none', rank: 0},
    // a value the definition leaves absent is not "OK": nothing says the threshold is not crossed
    NO_DATA: {text: 'No data', css: 'none', rank: 0},
    UNKNOWN: {text: 'Unknown', css: 'unknown', rank: 0}
  };
  const COLOURS = ['#005eb8', '#d5281b', '#007f3b', '#7c2855', '#ed8b00', '#330072', '#00a499', '#425563', '#ae2573', '#006747'];

  const state = {
    me: null, areas: new Map(), actions: [], area: null, day: null,
    // the data horizon (GET /api/v1/horizon; null when not offered), the latest settled day, and the newest day
    // the charts run to; bank holidays by day (GET /api/v1/calendar; none where not offered)
    horizon: null, settledDay: null, edge: null, bankHolidays: new Set(), calendarRange: null,
    // rules: those watching the shown area's series (GET /api/v1/rules?area=, alerts-service decides), read for
    // rulesArea; alerts: those firing in the shown area and the areas inside it (GET /api/v1/alerts?within=);
    // tileAlerts: every firing alert the credential may read, for the map's tiles, each tile showing its own area's
    values: new Map(), rules: [], rulesArea: null, alerts: [], alertsArea: null, tileAlerts: [], alertsProblem: null, charts: new Map(), series: new Map(),
    // the appointments section: what was read for which area and days (null: nothing to show), and its charts
    appointments: null, appointmentsGeneration: 0, appointmentCharts: [],
    stream: null, streamGeneration: 0, pendingAnnouncements: [], announceTimer: null, alertsTimer: null, reloadTimer: null
  };

  // --- talking to the API ---

  function token() {
    return sessionStorage.getItem(TOKEN_KEY);
  }

  async function api(path) {
    let response;
    try {
      response = await fetch(path, {headers: {'Accept': 'application/json, application/problem+json', 'Authorization': 'Bearer ' + token()}});
    } catch (e) {
      return {status: 0, body: {title: 'No connection', detail: 'The monitor could not be reached. Check your connection; the page tries again on the next update.'}};
    }
    const text = await response.text();
    let body = null;
    if (text) {
      try {
        body = JSON.parse(text);
      } catch (e) {
        body = {detail: text};
      }
    }
    return {status: response.status, body: body};
  }

  function say(text) {
    $('messages').textContent = text;
  }

  function complain(text) {
    $('errors').textContent = text;
  }

  function describeProblem(answer) {
    const problem = answer.body || {};
    return (problem.title || ('Error ' + answer.status)) + (problem.detail ? ': ' + problem.detail : '');
  }

  // --- signing in ---

  async function signIn(value) {
    sessionStorage.setItem(TOKEN_KEY, value);
    const me = await api('api/v1/me');
    if (me.status !== 200) {
      sessionStorage.removeItem(TOKEN_KEY);
      complain(me.status === 401 ? 'Please sign in again: the credential was not accepted.' : describeProblem(me));
      return false;
    }
    if (!me.body.home) {
      sessionStorage.removeItem(TOKEN_KEY);
      complain('This credential (' + me.body.name + ') may not read any area\'s indicators. Practices use the practice page of ingest-service.');
      return false;
    }
    state.me = me.body;
    const [areas, actions] = await Promise.all([api('api/v1/areas'), api('api/v1/actions')]);
    if (areas.status !== 200 || actions.status !== 200) {
      complain(describeProblem(areas.status !== 200 ? areas : actions));
      return false;
    }
    state.areas = new Map(areas.body.map((a) => [a.code, a]));
    state.actions = actions.body;
    $('who').textContent = 'Signed in as ' + me.body.name + ' (' + roleName(me.body.role) + ').';
    $('signed-in').hidden = false;
    $('sign-in-section').hidden = true;
    $('work').hidden = false;
    $('errors').textContent = '';
    const wanted = new URLSearchParams(location.hash.slice(1)).get('area');
    await openArea(wanted && mayRead(wanted) ? wanted : me.body.home, false);
    return true;
  }

  function roleName(role) {
    return {ICB: 'ICB planner', REGION: 'regional team', ADMIN: 'administrator', PRACTICE: 'practice'}[role] || role;
  }

  function signOut(message) {
    stopStream();
    sessionStorage.removeItem(TOKEN_KEY);
    state.me = null;
    $('work').hidden = true;
    $('signed-in').hidden = true;
    $('sign-in-section').hidden = false;
    $('token').value = '';
    $('errors').textContent = '';
    say(message || 'Signed out.');
    $('token').focus();
  }

  function mayRead(code) {
    return state.me && state.me.areas.includes(code);
  }

  // --- areas: England -> region -> ICB ---

  function areaName(code) {
    const area = state.areas.get(code);
    return area ? area.name : code;
  }

  function shortName(code) {
    return areaName(code).replace(/^NHS /, '').replace(/ Integrated Care Board$/, '');
  }

  function childrenOf(code) {
    return Array.from(state.areas.values()).filter((a) => a.parent === code).sort((a, b) => a.name.localeCompare(b.name));
  }

  function regionOf(code) {
    const area = state.areas.get(code);
    if (!area) {
      return null;
    }
    return area.kind === 'ICB' ? area.parent : area.kind === 'REGION' ? code : null;
  }

  function fillSelects() {
    const region = regionOf(state.area);
    const regionSelect = $('region');
    regionSelect.textContent = '';
    if (mayRead(ENGLAND)) {
      regionSelect.append(new Option('England (all regions)', ENGLAND));
    }
    childrenOf(ENGLAND).filter((r) => mayRead(r.code) || childrenOf(r.code).some((i) => mayRead(i.code))).forEach((r) => {
      regionSelect.append(new Option(r.name + ' (' + r.code + ')', r.code));
    });
    regionSelect.value = region || ENGLAND;
    regionSelect.disabled = regionSelect.options.length < 2;
    const icbSelect = $('icb');
    icbSelect.textContent = '';
    if (region) {
      if (mayRead(region)) {
        icbSelect.append(new Option('Whole region', region));
      }
      childrenOf(region).filter((i) => mayRead(i.code)).forEach((i) => icbSelect.append(new Option(shortName(i.code) + ' (' + i.code + ')', i.code)));
      icbSelect.value = state.area;
    } else {
      icbSelect.append(new Option('Choose a region first', ''));
    }
    icbSelect.disabled = icbSelect.options.length < 2;
  }

  function fillBreadcrumb() {
    const trail = [];
    for (let code = state.area; code; code = (state.areas.get(code) || {}).parent) {
      trail.unshift(code);
    }
    const list = $('breadcrumb');
    list.textContent = '';
    trail.forEach((code, i) => {
      const item = document.createElement('li');
      if (i === trail.length - 1) {
        item.textContent = code === ENGLAND ? 'England' : shortName(code);
        item.setAttribute('aria-current', 'page');
      } else if (mayRead(code)) {
        const button = document.createElement('button');
        button.type = 'button';
        button.className = 'link';
        button.textContent = code === ENGLAND ? 'England' : shortName(code);
        button.addEventListener('click', () => openArea(code, true));
        item.append(button);
      } else {
        item.textContent = code === ENGLAND ? 'England' : shortName(code);
      }
      list.append(item);
    });
  }

  async function openArea(code, focus) {
    if (!mayRead(code)) {
      complain('Your credential may not read ' + areaName(code) + '; showing ' + areaName(state.me.home) + ' instead.');
      code = state.me.home;
    } else {
      $('errors').textContent = '';
    }
    state.area = code;
    history.replaceState(null, '', '#area=' + encodeURIComponent(code));
    fillSelects();
    fillBreadcrumb();
    const area = state.areas.get(code);
    $('area-heading').textContent = (code === ENGLAND ? 'England' : area.name) + (code === ENGLAND ? '' : ' (' + code + ')');
    $('area-facts').textContent = (area.kind === 'ICB' ? 'Integrated care board' : area.kind === 'REGION' ? 'NHS England region' : 'Country')
        + ': ' + area.practices.toLocaleString('en-GB') + ' practices, ' + area.registeredPatients.toLocaleString('en-GB') + ' registered patients.';
    startStream(code);
    loadRules(code);
    if ($('follow-latest').checked || !$('day').value) {
      await showLatest();
    } else {
      await loadDay($('day').value);
    }
    if (focus) {
      $('area-heading').focus();
    }
  }

  // --- which day: the latest settled one ---
  // indicators.md: a report-based value of day d is provisional while d > H - L (its window's reports are still
  // arriving), and alerts judge settled days only. So the page opens, and follows, where the alerts look; the
  // planner steps forward to the provisional days on purpose, told what they are.

  function indicatorsPath(area, day) {
    return 'api/v1/areas/' + encodeURIComponent(area) + '/indicators' + (day ? '?day=' + day : '');
  }

  /** GET /api/v1/horizon, or null where the server does not offer it (then the values' own flags are all there is). */
  async function loadHorizon() {
    const answer = await api('api/v1/horizon');
    state.horizon = answer.status === 200 && answer.body && typeof answer.body === 'object' ? answer.body : null;
    return state.horizon;
  }

  function horizonDay() {
    return state.horizon ? state.horizon.horizon || null : null;
  }

  function lagDays() {
    return state.horizon && Number.isInteger(state.horizon.reportingLagDays) ? state.horizon.reportingLagDays : DEFAULT_LAG_DAYS;
  }

  /**
   * The day to open on: the server's latest settled day; without one, the latest day up to the server's default
   * day whose report-based values are there and not provisional; without reports at all, the first day a notice
   * puts an action in force (a plan is worth showing). Also sets the edge: the newest day the charts run to.
   */
  async function findLatestSettledDay(area) {
    const horizon = await loadHorizon();
    if (horizon && horizon.latestSettledDay) {
      state.edge = horizon.horizon && horizon.horizon > horizon.latestSettledDay ? horizon.horizon : horizon.latestSettledDay;
      return {day: horizon.latestSettledDay};
    }
    const latest = await api(indicatorsPath(area, null));
    if (latest.status !== 200) {
      return {problem: latest};
    }
    const newest = latest.body.length ? latest.body[0].day : null;
    if (newest) {
      state.edge = newest;
      return {day: (await settledDayUpTo(area, newest)) || newest};
    }
    state.edge = null;
    const planned = await firstPlannedDay(area);
    state.edge = planned;
    return {day: planned};
  }

  /** The latest day up to {@code day} with a report-based value that is not provisional, or null. */
  async function settledDayUpTo(area, day) {
    const answer = await api('api/v1/areas/' + encodeURIComponent(area) + '/indicators/contacts_per_session?from='
        + addDays(day, -(TREND_DAYS - 1)) + '&to=' + day);
    if (answer.status !== 200 || !Array.isArray(answer.body)) {
      return null;
    }
    const settled = answer.body.filter((v) => v.value !== null && !v.provisional).map((v) => v.day).sort();
    return settled.length ? settled[settled.length - 1] : null;
  }

  async function firstPlannedDay(area) {
    const answer = await api('api/v1/areas/' + encodeURIComponent(area) + '/indicators/participating_practices');
    if (answer.status !== 200 || !Array.isArray(answer.body)) {
      return null;
    }
    const days = answer.body.filter((v) => v.value !== null).map((v) => v.day).sort();
    const planned = answer.body.filter((v) => v.value > 0).map((v) => v.day).sort();
    return planned.length ? planned[0] : days.length ? days[days.length - 1] : null;
  }

  /**
   * Opens (or, while following, moves to) the latest settled day. Following never steps back in time on its own
   * (a planner watching a plan day sees its first reports arrive there); {@code jump} (the planner asked) does.
   */
  async function showLatest(jump) {
    const area = state.area;
    const found = await findLatestSettledDay(area);
    if (area !== state.area) {
      return;
    }
    if (found.problem) {
      await refuse(found.problem, area);
      if (found.problem.status !== 401 && found.problem.status !== 403) {
        // the published appointments do not depend on the reports that could not be read
        loadAppointments();
      }
      return;
    }
    state.settledDay = found.day;
    if (!found.day) {
      if (area === state.shownArea && state.values.size) {
        return;
      }
      showNothing(area);
      return;
    }
    const stay = !jump && area === state.shownArea && state.day && state.day > found.day;
    await loadDay(stay ? state.day : found.day, {keepIfEmpty: true});
  }

  function showNothing(area) {
    state.shownArea = area;
    state.values = new Map();
    state.day = null;
    $('day').value = '';
    document.querySelectorAll('.shown-day').forEach((el) => {
      el.textContent = 'no day yet';
    });
    say('No indicators yet for ' + areaName(area) + ': they appear here as soon as notices or reports arrive.');
    render();
    renderDayState();
    // alerts need no day: the published appointments' rules fire without any report
    loadAlerts();
    loadTrends();
    loadAppointments();
  }

  /** Tells the planner why an answer was refused; false when it was, true when it can be used. */
  async function refuse(answer, area) {
    if (answer.status === 401) {
      signOut('Your credential is no longer accepted: please sign in again.');
    } else if (answer.status === 403) {
      complain('Not allowed: ' + ((answer.body && answer.body.detail) || 'this credential may not read ' + area) + '.');
      if (area !== state.me.home) {
        await openArea(state.me.home, false);
      }
    } else {
      complain('The indicators could not be read: ' + describeProblem(answer));
    }
  }

  // --- one area and day ---

  async function loadDay(day, options) {
    const area = state.area;
    const answer = await api(indicatorsPath(area, day));
    if (area !== state.area) {
      return;
    }
    if (answer.status !== 200) {
      await refuse(answer, area);
      return;
    }
    if (options && options.keepIfEmpty && !answer.body.length && area === state.shownArea && state.values.size) {
      // the day has begun but this area's values for it are still being computed: keep showing what is shown
      // until they arrive (the stream says when)
      return;
    }
    state.shownArea = area;
    state.values = new Map();
    answer.body.forEach((v) => state.values.set(keyOf(v), v));
    state.day = day;
    $('day').value = day;
    $('follow-latest').checked = day === state.settledDay || ($('follow-latest').checked && !!(options && options.keepIfEmpty));
    document.querySelectorAll('.shown-day').forEach((el) => {
      el.textContent = formatDay(day);
    });
    if (!answer.body.length) {
      say('No indicators yet for ' + areaName(area) + ' on ' + formatDay(day) + ': they appear here as soon as notices or reports arrive.');
    } else if ($('messages').textContent.startsWith('No indicators yet')) {
      say('');
    }
    render();
    renderDayState();
    await Promise.all([loadAlerts(), loadTrends(), loadAppointments()]);
  }

  /** What the shown day is: 'provisional', 'settled', 'after-horizon' (no reports reach it yet) or 'unknown'. */
  function dayState(day) {
    if (!day) {
      return 'unknown';
    }
    const h = horizonDay();
    if (h) {
      // the horizon is the definition (d > H - L); a value read a moment before the horizon moved may still say otherwise
      return day > h ? 'after-horizon' : day > addDays(h, -lagDays()) ? 'provisional' : 'settled';
    }
    const fromReports = Array.from(state.values.values()).filter((v) => INDICATORS[v.indicator] && INDICATORS[v.indicator].fromReports);
    if (fromReports.some((v) => v.provisional)) {
      return 'provisional';
    }
    return fromReports.some((v) => present(v.value)) ? 'settled' : 'unknown';
  }

  function provisionalReason(day) {
    return 'Reports for this day\'s 7-day window are still arriving; it settles on ' + formatDay(addDays(day, lagDays()))
        + ', once reports for that day are in. Until then its numbers may change and alerts do not judge it.';
  }

  function dayButton(text, day, label) {
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'link day-link';
    button.dataset.day = day;
    button.textContent = text;
    if (label) {
      button.setAttribute('aria-label', label);
    }
    button.addEventListener('click', () => loadDay(day));
    return button;
  }

  /** Says, in words, whether the shown day is settled or provisional and why, with the way to the other days. */
  function renderDayState() {
    const box = $('day-state');
    const tag = $('day-tag');
    box.textContent = '';
    const what = dayState(state.day);
    box.className = 'day-state ' + what;
    box.dataset.state = what;
    tag.textContent = {provisional: 'provisional', settled: 'settled', 'after-horizon': 'no reports yet'}[what] || '';
    tag.className = 'tag tag-' + what;
    tag.hidden = !tag.textContent;
    const h = horizonDay();
    const settled = state.settledDay;
    const back = settled && settled !== state.day
        ? dayButton('Back to the latest settled day, ' + formatDay(settled), settled) : null;
    if (what === 'provisional') {
      const strong = document.createElement('strong');
      strong.textContent = 'Provisional day. ';
      const reason = document.createElement('span');
      reason.className = 'reason';
      reason.textContent = provisionalReason(state.day) + ' ';
      box.append(strong, reason);
    } else if (what === 'after-horizon') {
      const strong = document.createElement('strong');
      strong.textContent = 'No reports yet for this day. ';
      box.append(strong, 'The latest reports are for ' + formatDay(h) + ', so only participation from notices is shown here. ');
    } else if (what === 'settled') {
      const strong = document.createElement('strong');
      strong.textContent = 'Settled day. ';
      box.append(strong, 'Reports for this day\'s 7-day window are in' + (h ? ' (the latest reports are for ' + formatDay(h) + ')' : '') + '. ');
      if (h && state.day === settled && h > settled) {
        const days = [];
        for (let d = addDays(settled, 1); d <= h; d = addDays(d, 1)) {
          days.push(d);
        }
        box.append('Newer days are provisional: ');
        days.forEach((d, i) => {
          box.append(dayButton(formatDay(d), d, 'Show ' + formatDay(d) + ', provisional'), i < days.length - 1 ? ', ' : '. ');
        });
      }
    }
    if (back) {
      box.append(back);
    }
  }

  function keyOf(v) {
    return v.indicator + '/' + (v.action || '') + '/' + (v.metric || '');
  }

  const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
  const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

  /** "Tue 27 Aug 2024", the same in every browser (toLocaleDateString puts a comma after the weekday in some). */
  function formatDay(day) {
    const d = new Date(day + 'T12:00:00Z');
    return WEEKDAYS[d.getUTCDay()] + ' ' + d.getUTCDate() + ' ' + MONTHS[d.getUTCMonth()] + ' ' + d.getUTCFullYear();
  }

  function formatValue(v) {
    if (!v || v.value === null || v.value === undefined) {
      return 'no value';
    }
    return INDICATORS[v.indicator].format(v.value);
  }

  function present(x) {
    return x !== null && x !== undefined;
  }

  /** The 95% interval in brackets, "(45.1–50.0)", or '' where the definition gives none. */
  function formatInterval(v) {
    if (!v || !present(v.value) || !present(v.low) || !present(v.high)) {
      return '';
    }
    const bare = INDICATORS[v.indicator].bare;
    // an en dash between two negative numbers reads as a sum: write "to" when a bound carries a sign
    const sep = v.low < 0 || v.high < 0 || INDICATORS[v.indicator].format === SIGNED_PCT ? ' to ' : '\u2013';
    return '(' + bare(v.low) + sep + bare(v.high) + ')';
  }

  /** The value as a planner reads it: "47.6% (45.1–50.0)". */
  function formatReading(v) {
    const interval = formatInterval(v);
    return formatValue(v) + (interval ? ' ' + interval : '');
  }

  function completeness() {
    const v = state.values.get('reporting_completeness//');
    return v && v.value !== null ? v.value : null;
  }

  function basis(v) {
    if (!v) {
      return 'no data yet';
    }
    const parts = [v.practices.toLocaleString('en-GB') + ' practice' + (v.practices === 1 ? '' : 's')];
    if (INDICATORS[v.indicator].fromReports) {
      parts.push(v.practiceDays.toLocaleString('en-GB') + ' practice-day' + (v.practiceDays === 1 ? '' : 's'));
      const c = completeness();
      if (c !== null && v.indicator !== 'reporting_completeness') {
        parts.push(PCT(c) + ' reported that day');
      }
    }
    return parts.join(', ');
  }

  // --- rules and alerts: the status of each indicator ---

  async function loadRules(area) {
    const answer = await api('api/v1/rules?area=' + encodeURIComponent(area));
    if (area !== state.area) {
      return;
    }
    state.rules = answer.status === 200 ? answer.body : [];
    state.rulesArea = area;
    render();
    // the appointments chart draws the GP rule's thresholds
    if (state.appointments && typeof Chart !== 'undefined') {
      drawAppointmentCharts();
    }
  }

  async function loadAlerts() {
    const area = state.area;
    const [answer, all] = await Promise.all([api('api/v1/alerts?state=FIRING&within=' + encodeURIComponent(area)), api('api/v1/alerts?state=FIRING')]);
    if (area !== state.area) {
      return;
    }
    if (answer.status === 200) {
      state.alerts = answer.body;
      state.alertsArea = area;
      state.tileAlerts = all.status === 200 ? all.body : answer.body;
      state.alertsProblem = null;
    } else {
      state.alerts = [];
      state.tileAlerts = [];
      state.alertsProblem = answer.status === 502 || answer.status === 0
          ? 'Alerts are unavailable: the alerts service did not answer, so statuses are unknown. Indicators are still live.'
          : 'Alerts could not be read: ' + describeProblem(answer);
    }
    renderAlerts();
    renderTables();
    renderMap();
  }

  function scheduleAlerts(delay) {
    clearTimeout(state.alertsTimer);
    state.alertsTimer = setTimeout(loadAlerts, delay);
  }

  /**
   * The rules on one series of an area: alerts-service chose the rules watching the area (scope is decided there
   * only); here they are matched to the series by indicator and labels, as a rule without an action or metric
   * watches every one.
   */
  function rulesFor(indicator, action, metric, code) {
    if (code !== state.rulesArea) {
      return [];
    }
    return state.rules.filter((r) => r.indicator === indicator && (!r.action || r.action === action) && (!r.metric || r.metric === metric));
  }

  /** The worst firing alert on an indicator of an area; OK when rules watch it and none fires. */
  function statusOf(indicator, action, metric, code) {
    if (state.alertsProblem) {
      return STATUS.UNKNOWN;
    }
    const firing = state.alerts.filter((a) => a.area === code && state.alertsArea === state.area && a.indicator === indicator
        && (!action || !a.action || a.action === action) && (!metric || !a.metric || a.metric === metric));
    if (firing.some((a) => a.severity === 'CRITICAL')) {
      return STATUS.CRITICAL;
    }
    if (firing.length) {
      return STATUS.WARNING;
    }
    return rulesFor(indicator, action, metric, code).length ? STATUS.OK : STATUS.NONE;
  }

  function areaStatus(code) {
    if (state.alertsProblem) {
      return STATUS.UNKNOWN;
    }
    const firing = state.tileAlerts.filter((a) => a.area === code);
    return firing.some((a) => a.severity === 'CRITICAL') ? STATUS.CRITICAL : firing.length ? STATUS.WARNING : STATUS.OK;
  }

  function forDays(rule) {
    return rule.for || rule.forDays || 1;
  }

  function judgeOf(rule) {
    return String(rule.judge || 'value').toLowerCase();
  }

  const BOUND = {low: 'lower bound of the 95% interval', high: 'upper bound of the 95% interval'};

  function thresholds(indicator, action, metric) {
    const format = INDICATORS[indicator].format;
    return rulesFor(indicator, action, metric, state.area).map((r) => {
      if (r.type === 'EARS_C2') {
        return 'sudden jump (EARS C2)';
      }
      const sign = r.direction === 'BELOW' ? '\u2264 ' : '\u2265 ';
      return sign + format(r.warning) + ' / ' + sign + format(r.critical) + (forDays(r) > 1 ? ' for ' + forDays(r) + ' days' : '')
          + (BOUND[judgeOf(r)] ? ', judged on the ' + BOUND[judgeOf(r)] : '')
          + (r.includeProvisional ? ', provisional days included' : '');
    }).join('; ') || '\u2014';
  }

  // --- how far a value is from alerting: alerts-service judges the rule's bound (value, low or high) on settled
  // days (provisional ones only when the rule says includeProvisional) resting on enough practices, and fires
  // after `for` consecutive such days at or past a threshold. A value past a threshold that has not alerted yet
  // says so; it never reads "OK". ---

  /** The number a rule judges: the value, or its interval's low or high end; null where that is absent. */
  function judged(rule, v) {
    if (!v || !present(v.value)) {
      return null;
    }
    const x = judgeOf(rule) === 'low' ? v.low : judgeOf(rule) === 'high' ? v.high : v.value;
    return present(x) ? x : null;
  }

  function breaches(rule, x, threshold) {
    return present(x) && present(threshold) && (rule.direction === 'BELOW' ? x <= threshold : x >= threshold);
  }

  /** 'critical', 'warning' or null: the worst of a rule's thresholds that x is at or past. */
  function levelOf(rule, x) {
    return breaches(rule, x, rule.critical) ? 'critical' : breaches(rule, x, rule.warning) ? 'warning' : null;
  }

  function settledFor(rule, v) {
    return !v.provisional || rule.includeProvisional === true;
  }

  function thickEnough(rule, v) {
    return (v.practices || 0) >= (rule.minPractices || 0) && (v.practiceDays || 0) >= (rule.minPracticeDays || 0);
  }

  /** Whether the trend series hold the days before v's day, so the days in a row can be counted. */
  function seriesCover(v) {
    if (isAppointments(v.indicator)) {
      return !!state.appointments && state.appointments.area === v.area && state.appointments.days.includes(v.day);
    }
    return state.seriesArea === v.area && state.trendDays && state.trendDays.includes(v.day);
  }

  function isAppointments(indicator) {
    return indicator === 'appointments_change' || indicator === 'appointments_rate';
  }

  /** The series the trends (or, for the appointments feed, its section) hold of an indicator. */
  function seriesOf(indicator) {
    if (isAppointments(indicator)) {
      return state.appointments ? state.appointments.series[indicator] || [] : [];
    }
    return state.series.get(indicator) || [];
  }

  /** Consecutive days up to v's day on which the rule could use the value and its bound was at or past the threshold. */
  function daysPast(rule, threshold, v) {
    const byDay = new Map(seriesOf(v.indicator)
        .filter((s) => s.area === v.area && (s.action || null) === (v.action || null) && (s.metric || null) === (v.metric || null))
        .map((s) => [s.day, s]));
    byDay.set(v.day, v);
    let n = 0;
    for (let d = v.day; byDay.has(d); d = addDays(d, -1)) {
      const x = byDay.get(d);
      if (!present(x.value) || !settledFor(rule, x) || !thickEnough(rule, x) || !breaches(rule, judged(rule, x), threshold)) {
        break;
      }
      n++;
    }
    return n;
  }

  /** A value at or past one rule's threshold without its alert: what it is and how far from alerting. */
  function pendingOf(rule, level, v) {
    const format = INDICATORS[v.indicator].format;
    const word = (rule.direction === 'BELOW' ? 'under ' : 'over ') + (level === 'critical' ? 'worst case' : 'warning');
    const threshold = level === 'critical' ? rule.critical : rule.warning;
    const notes = [];
    if (BOUND[judgeOf(rule)]) {
      notes.push('judged on the ' + BOUND[judgeOf(rule)] + ', ' + format(judged(rule, v)));
    }
    let text = word;
    if (!settledFor(rule, v)) {
      text = word + ', provisional';
      notes.push('not judged until the day settles');
    } else if (!thickEnough(rule, v)) {
      notes.push('too thin to alert on: ' + v.practiceDays + ' practice-days from ' + v.practices
          + ' practices; the rule needs ' + (rule.minPracticeDays || 0) + ' and ' + (rule.minPractices || 0));
    } else if (seriesCover(v)) {
      const n = daysPast(rule, threshold, v);
      const m = forDays(rule);
      text = n < m ? word + ', day ' + n + ' of ' + m : word + ' for ' + n + ' days';
      if (n >= m) {
        notes.push('no alert firing yet');
      }
    }
    return {text: text, css: 'over-' + level, rank: level === 'critical' ? 1.8 : 1.5, notes: notes};
  }

  /**
   * The status of one value, in words: a firing alert (WARNING, WORST CASE); else a value at or past a threshold
   * and how far from alerting ("over warning, day 2 of 3"); OK only for a value inside every threshold; No data
   * for an absent value.
   */
  function judgement(indicator, action, metric, v) {
    const firing = statusOf(indicator, action, metric, state.area);
    const rules = rulesFor(indicator, action, metric, state.area).filter((r) => r.type !== 'EARS_C2');
    let pending = null;
    const notes = [];
    if (v && present(v.value)) {
      rules.forEach((rule) => {
        const level = levelOf(rule, judged(rule, v));
        if (level) {
          const candidate = pendingOf(rule, level, v);
          if (!pending || candidate.rank > pending.rank) {
            pending = candidate;
          }
        } else if (BOUND[judgeOf(rule)] && levelOf(rule, v.value)) {
          notes.push('the value is ' + (rule.direction === 'BELOW' ? 'under ' : 'over ') + levelOf(rule, v.value).replace('critical', 'worst case')
              + ', its ' + BOUND[judgeOf(rule)] + ' (' + (present(judged(rule, v)) ? INDICATORS[indicator].format(judged(rule, v)) : 'none') + ') is not');
        }
      });
    }
    if (firing === STATUS.CRITICAL || firing === STATUS.WARNING) {
      if (pending && pending.rank === 1.8 && firing === STATUS.WARNING) {
        notes.push(pending.text);
      }
      return {status: firing, notes: notes};
    }
    if (firing === STATUS.UNKNOWN) {
      return {status: firing, notes: pending ? [pending.text].concat(pending.notes) : notes};
    }
    if (!rules.length && firing === STATUS.NONE) {
      return {status: STATUS.NONE, notes: []};
    }
    if (!v || !present(v.value)) {
      const closed = indicator === 'reporting_completeness' && state.day && kindOfDay(state.day);
      return {status: STATUS.NO_DATA, notes: closed ? ['counted on working days only; this is a ' + kindOfDay(state.day)] : []};
    }
    return pending ? {status: pending, notes: pending.notes.concat(notes)} : {status: STATUS.OK, notes: notes};
  }

  function statusCell(row, judgements) {
    const worst = judgements.slice(1).reduce((a, b) => (b.status.rank > a.status.rank ? b : a), judgements[0]);
    const td = cell(row, badge(worst.status), 'status-cell');
    worst.notes.forEach((note) => {
      const span = document.createElement('span');
      span.className = 'status-note';
      span.textContent = note;
      td.append(span);
    });
    return td;
  }

  function badge(status) {
    const span = document.createElement('span');
    span.className = 'status status-' + status.css;
    if (status.css.startsWith('over-')) {
      span.title = 'Past a threshold, no alert firing on it';
    }
    span.textContent = status.text;
    return span;
  }

  // --- drawing ---

  function render() {
    renderTables();
    renderAlerts();
    renderMap();
  }

  function cell(row, content, className) {
    const td = document.createElement('td');
    if (content instanceof Node) {
      td.append(content);
    } else {
      td.textContent = content;
    }
    if (className) {
      td.className = className;
    }
    row.append(td);
    return td;
  }

  /** A small label in words beside a value ("provisional"), with the reason as its tooltip. */
  function tag(text, css, title) {
    const span = document.createElement('span');
    span.className = 'tag ' + css;
    span.textContent = text;
    if (title) {
      span.title = title;
    }
    return span;
  }

  /**
   * The value with its interval (td.value .reading), hatched where it still waits for reports, and tagged so in
   * words unless {@code untagged} (a matrix of one day's values, where the day's own tag says it once).
   */
  function valueCell(row, v, untagged) {
    const td = cell(row, '', 'value');
    // number and interval in one span, so "47.6% (45.1–50.0)" is read (and copied) as one value; the interval
    // has its own span so a narrow table can put it on a line of its own
    const reading = document.createElement('span');
    reading.className = 'reading';
    const number = document.createElement('span');
    number.className = 'number';
    number.textContent = formatValue(v);
    reading.append(number);
    if (formatInterval(v)) {
      const interval = document.createElement('span');
      interval.className = 'interval';
      interval.textContent = formatInterval(v);
      reading.append(' ', interval);
    }
    td.append(reading);
    td.dataset.value = v && present(v.value) ? String(v.value) : '';
    td.dataset.low = v && present(v.low) ? String(v.low) : '';
    td.dataset.high = v && present(v.high) ? String(v.high) : '';
    if (v && v.provisional) {
      td.classList.add('provisional');
      row.classList.add('provisional');
      if (untagged) {
        td.title = 'Provisional. ' + provisionalReason(v.day);
      } else {
        td.append(' ', tag('provisional', 'tag-provisional', provisionalReason(v.day)));
      }
    }
    return td;
  }

  function renderTables() {
    if (!state.me || !state.area) {
      return;
    }
    const headline = $('headline').tBodies[0];
    headline.textContent = '';
    HEADLINE.forEach((id) => {
      const v = state.values.get(id + '//');
      const row = document.createElement('tr');
      row.dataset.indicator = id;
      const th = document.createElement('th');
      th.scope = 'row';
      th.innerHTML = '<span class="name"></span><span class="help"></span>';
      th.querySelector('.name').textContent = INDICATORS[id].title;
      th.querySelector('.help').textContent = INDICATORS[id].help;
      row.append(th);
      valueCell(row, v);
      statusCell(row, [judgement(id, null, null, v)]);
      cell(row, thresholds(id, null, null), 'thresholds');
      cell(row, basis(v), 'basis');
      headline.append(row);
    });

    const participation = $('participation').tBodies[0];
    participation.textContent = '';
    state.actions.forEach((action) => {
      const practices = state.values.get('participating_practices/' + action.id + '/');
      const rate = state.values.get('participation_rate/' + action.id + '/');
      const covered = state.values.get('patients_covered_rate/' + action.id + '/');
      const row = document.createElement('tr');
      row.dataset.action = action.id;
      const th = document.createElement('th');
      th.scope = 'row';
      th.innerHTML = '<span class="name"></span><span class="help"></span>';
      th.querySelector('.name').textContent = action.title;
      th.querySelector('.help').textContent = action.effectToWatch;
      row.append(th);
      valueCell(row, practices).classList.add('participating');
      valueCell(row, rate).classList.add('rate');
      valueCell(row, covered).classList.add('covered');
      statusCell(row, [judgement('participation_rate', action.id, null, rate), judgement('patients_covered_rate', action.id, null, covered)]);
      if (rate && rate.value > 0) {
        row.classList.add('active');
      }
      participation.append(row);
    });

    // one row per action in force, one column per count: 10 × 5 values read as a matrix, not a list of 50
    const table = $('attributable');
    const values = Array.from(state.values.values()).filter((v) => v.indicator === 'attributable_change');
    const metrics = Object.keys(METRICS).filter((m) => values.some((v) => v.metric === m));
    const headRow = table.tHead.rows[0];
    headRow.textContent = '';
    ['Action'].concat(metrics.map((m) => METRICS[m])).forEach((text) => {
      const th = document.createElement('th');
      th.scope = 'col';
      th.textContent = text;
      headRow.append(th);
    });
    const attributable = table.tBodies[0];
    attributable.textContent = '';
    state.actions.filter((a) => values.some((v) => v.action === a.id)).forEach((action) => {
      const row = document.createElement('tr');
      row.dataset.action = action.id;
      const th = document.createElement('th');
      th.scope = 'row';
      th.textContent = action.title;
      row.append(th);
      metrics.forEach((m) => {
        const v = values.find((x) => x.action === action.id && x.metric === m);
        const td = valueCell(row, v, true);
        td.dataset.metric = m;
        td.title = (td.title ? td.title + ' ' : '') + basis(v);
      });
      attributable.append(row);
    });
    table.hidden = values.length === 0;
    $('no-attributable').hidden = values.length > 0;
    renderAppointmentsTable();
  }

  function titleOf(actionId) {
    const action = state.actions.find((a) => a.id === actionId);
    return action ? action.title : actionId;
  }

  /** One line a planner reads first: the worst status in the area (and the areas inside it), in words. */
  function renderAreaStatus(shown) {
    const line = $('area-status');
    line.textContent = '';
    if (state.alertsProblem) {
      line.append(badge(STATUS.UNKNOWN), ' Alert status unknown: the alerts service did not answer.');
      return;
    }
    const critical = shown.filter((a) => a.severity === 'CRITICAL').length;
    const warning = shown.length - critical;
    line.append(badge(critical ? STATUS.CRITICAL : warning ? STATUS.WARNING : STATUS.OK), ' ');
    line.append(shown.length === 0 ? 'No alert firing.'
        : (critical ? critical + ' worst-case alert' + (critical === 1 ? '' : 's') : '')
          + (critical && warning ? ' and ' : '') + (warning ? warning + ' warning' + (warning === 1 ? '' : 's') : '') + ' firing.');
  }

  function renderAlerts() {
    const list = $('alerts');
    list.textContent = '';
    if (!state.me || !state.area) {
      return;
    }
    if (state.alertsProblem) {
      $('alerts-state').textContent = state.alertsProblem;
      $('alerts-state').className = 'problem';
      renderAreaStatus([]);
      return;
    }
    // alerts-service answered with the alerts of the area and the areas inside it
    const shown = state.alertsArea === state.area ? state.alerts.slice() : []
        .sort((a, b) => (a.severity === b.severity ? a.area.localeCompare(b.area) : a.severity === 'CRITICAL' ? -1 : 1));
    renderAreaStatus(shown);
    $('alerts-state').className = 'hint';
    $('alerts-state').textContent = shown.length === 0
        ? 'None firing in ' + (state.area === ENGLAND ? 'England' : shortName(state.area)) + '.'
        : shown.length + ' firing in ' + (state.area === ENGLAND ? 'England' : shortName(state.area) + (state.areas.get(state.area).kind === 'REGION' ? ' and its ICBs' : '')) + ':';
    shown.forEach((a) => {
      const item = document.createElement('li');
      item.className = 'alert alert-' + a.severity.toLowerCase();
      item.dataset.alertId = a.alertId;
      const head = document.createElement('p');
      head.append(badge(a.severity === 'CRITICAL' ? STATUS.CRITICAL : STATUS.WARNING), ' ');
      const what = document.createElement('strong');
      what.textContent = INDICATORS[a.indicator] ? INDICATORS[a.indicator].title : a.indicator;
      head.append(what, document.createTextNode((a.action ? ' \u00b7 ' + titleOf(a.action) : '') + (a.metric ? ' \u00b7 ' + (METRICS[a.metric] || APPOINTMENT_METRICS[a.metric] || a.metric) : '')));
      const detail = document.createElement('p');
      detail.className = 'detail';
      const format = INDICATORS[a.indicator] ? INDICATORS[a.indicator].format : String;
      detail.textContent = shortName(a.area) + ' (' + a.area + '): ' + (a.value !== null && a.value !== undefined ? format(a.value) : '?')
          + (a.threshold !== null && a.threshold !== undefined ? ' against ' + format(a.threshold) : '')
          + ' on ' + a.day + (a.since ? ', firing since ' + new Date(a.since).toLocaleString('en-GB', {dateStyle: 'short', timeStyle: 'short'}) : '')
          + (a.acknowledgedBy ? '. Acknowledged by ' + a.acknowledgedBy : '') + (a.silencedUntil ? '. Silenced' : '') + '.';
      item.append(head, detail);
      list.append(item);
    });
  }

  function renderMap() {
    const map = $('map');
    map.textContent = '';
    if (!state.me || !state.area) {
      return;
    }
    const area = state.areas.get(state.area);
    const regions = area.kind === 'COUNTRY' ? childrenOf(ENGLAND) : [state.areas.get(regionOf(state.area))];
    let tiles = 0;
    regions.forEach((region) => {
      const icbs = childrenOf(region.code).filter((i) => mayRead(i.code));
      if (!icbs.length && !mayRead(region.code)) {
        return;
      }
      const group = document.createElement('div');
      group.className = 'region';
      const heading = document.createElement('h4');
      if (mayRead(region.code)) {
        heading.append(tile(region.code, region.name));
      } else {
        heading.textContent = region.name;
      }
      const grid = document.createElement('ul');
      grid.className = 'tiles';
      grid.setAttribute('aria-label', 'ICBs in ' + region.name);
      icbs.forEach((icb) => {
        const item = document.createElement('li');
        item.append(tile(icb.code, shortName(icb.code)));
        grid.append(item);
        tiles++;
      });
      group.append(heading, grid);
      map.append(group);
    });
    $('map-section').hidden = tiles < 2;
  }

  function tile(code, name) {
    const status = areaStatus(code);
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'tile status-' + status.css + (code === state.area ? ' current' : '');
    button.dataset.area = code;
    button.innerHTML = '<span class="tile-name"></span><span class="tile-status"></span>';
    button.querySelector('.tile-name').textContent = name;
    button.querySelector('.tile-status').textContent = code + ' \u00b7 ' + status.text;
    button.setAttribute('aria-label', name + ' (' + code + '): ' + status.text + (code === state.area ? ', shown now' : ''));
    if (code === state.area) {
      button.setAttribute('aria-current', 'true');
    }
    button.addEventListener('click', () => openArea(code, true));
    return button;
  }

  // --- trends ---

  const CHARTED = HEADLINE.concat(['participation_rate', 'patients_covered_rate', 'participating_practices', 'attributable_change']);

  /**
   * The last day charted: the shown day; or, when the shown day is the latest settled one or newer, the edge (the
   * horizon), so the provisional days are on the charts, drawn as such, beside the settled ones.
   */
  function trendEnd() {
    return state.edge && state.settledDay && state.day >= state.settledDay && state.day < state.edge ? state.edge : state.day;
  }

  /** Bank holidays of the charted days (GET /api/v1/calendar); none marked where the server does not offer it. */
  async function loadCalendar(from, to) {
    if (state.calendarRange && state.calendarRange.from <= from && state.calendarRange.to >= to) {
      return;
    }
    const answer = await api('api/v1/calendar?from=' + from + '&to=' + to);
    const known = answer.status === 200 && answer.body && Array.isArray(answer.body.bankHolidays);
    state.bankHolidays = new Set(known ? answer.body.bankHolidays : []);
    state.calendarRange = {from: from, to: to};
  }

  function isWeekend(day) {
    const weekday = new Date(day + 'T12:00:00Z').getUTCDay();
    return weekday === 0 || weekday === 6;
  }

  function kindOfDay(day) {
    return kindIn(day, state.bankHolidays);
  }

  function kindIn(day, holidays) {
    return holidays.has(day) ? 'bank holiday' : isWeekend(day) ? 'weekend' : '';
  }

  async function loadTrends() {
    if (!state.day) {
      state.charts.forEach((chart) => chart.destroy());
      state.charts = new Map();
      $('charts').textContent = '';
      return;
    }
    const area = state.area;
    const shown = state.day;
    const to = trendEnd();
    const from = addDays(to, -(TREND_DAYS - 1));
    const [answers] = await Promise.all([
      Promise.all(CHARTED.map((id) => api('api/v1/areas/' + encodeURIComponent(area) + '/indicators/' + id + '?from=' + from + '&to=' + to))),
      loadCalendar(from, to)]);
    if (area !== state.area || shown !== state.day) {
      return;
    }
    state.series = new Map();
    CHARTED.forEach((id, i) => {
      state.series.set(id, answers[i].status === 200 && Array.isArray(answers[i].body) ? answers[i].body : []);
    });
    state.seriesArea = area;
    state.trendDays = [];
    for (let d = from; d <= to; d = addDays(d, 1)) {
      state.trendDays.push(d);
    }
    // the days in a row past a threshold are counted on these series
    renderTables();
    if (typeof Chart === 'undefined') {
      $('charts').textContent = 'Charts are unavailable (the chart library did not load); the tables above have every number.';
      return;
    }
    drawCharts();
  }

  function addDays(day, n) {
    const d = new Date(day + 'T12:00:00Z');
    d.setUTCDate(d.getUTCDate() + n);
    return d.toISOString().slice(0, 10);
  }

  /** Series of one indicator as lines (label → day → value): one per action (and metric); actions never in force (all zero) are left out. */
  function linesOf(id) {
    const byLine = new Map();
    (state.series.get(id) || []).forEach((v) => {
      if (v.metric && FIRST_ORDER[v.action] !== v.metric) {
        return;
      }
      const label = v.action ? titleOf(v.action) + (v.metric ? ': ' + (METRICS[v.metric] || v.metric) : '') : INDICATORS[id].title;
      if (!byLine.has(label)) {
        byLine.set(label, new Map());
      }
      byLine.get(label).set(v.day, v);
    });
    const perAction = (state.series.get(id) || []).some((v) => v.action);
    return Array.from(byLine.entries())
        .filter(([, days]) => Array.from(days.values()).some((x) => present(x.value) && (!perAction || x.value !== 0)));
  }

  function withAlpha(hex, alpha) {
    const n = parseInt(hex.slice(1), 16);
    return 'rgba(' + (n >> 16) + ', ' + ((n >> 8) & 255) + ', ' + (n & 255) + ', ' + alpha + ')';
  }

  function hatchPattern(ctx) {
    const tile = document.createElement('canvas');
    tile.width = 8;
    tile.height = 8;
    const g = tile.getContext('2d');
    g.fillStyle = 'rgba(255, 255, 255, 0.6)';
    g.fillRect(0, 0, 8, 8);
    g.strokeStyle = 'rgba(66, 85, 99, 0.45)';
    g.lineWidth = 1.5;
    g.beginPath();
    g.moveTo(-2, 10);
    g.lineTo(10, -2);
    g.moveTo(-2, 2);
    g.lineTo(2, -2);
    g.moveTo(6, 10);
    g.lineTo(10, 6);
    g.stroke();
    return ctx.createPattern(tile, 'repeat');
  }

  /**
   * Behind the lines: weekends (light grey), bank holidays (darker, "BH"), provisional days (hatched,
   * "provisional"), and a line at the day shown above when the chart runs past it.
   */
  const DAY_BANDS = {
    id: 'dayBands',
    beforeDatasetsDraw(chart, args, options) {
      const days = options.days || [];
      const x = chart.scales.x;
      const area = chart.chartArea;
      if (!days.length || !x) {
        return;
      }
      const step = days.length > 1 ? x.getPixelForValue(1) - x.getPixelForValue(0) : area.right - area.left;
      const ctx = chart.ctx;
      ctx.save();
      ctx.font = '10px Arial, sans-serif';
      ctx.textBaseline = 'top';
      let labelledProvisional = false;
      days.forEach((day, i) => {
        const left = Math.max(area.left, x.getPixelForValue(i) - step / 2);
        const right = Math.min(area.right, x.getPixelForValue(i) + step / 2);
        if (right <= left) {
          return;
        }
        // the appointments section reads its own (longer) range of the calendar
        const kind = options.holidays ? kindIn(day, options.holidays) : kindOfDay(day);
        if (kind) {
          ctx.fillStyle = kind === 'bank holiday' ? '#cfd6db' : '#eceff1';
          ctx.fillRect(left, area.top, right - left, area.bottom - area.top);
        }
        if (options.provisional && options.provisional.has(day)) {
          ctx.fillStyle = options.hatch || (options.hatch = hatchPattern(ctx));
          ctx.fillRect(left, area.top, right - left, area.bottom - area.top);
          if (!labelledProvisional) {
            labelledProvisional = true;
            const width = ctx.measureText('provisional').width;
            ctx.fillStyle = 'rgba(255, 255, 255, 0.9)';
            ctx.fillRect(area.right - width - 5, area.top + 1, width + 4, 12);
            ctx.fillStyle = '#212b32';
            ctx.textAlign = 'right';
            ctx.fillText('provisional', area.right - 3, area.top + 2);
          }
        }
        if (kind === 'bank holiday') {
          ctx.fillStyle = '#212b32';
          ctx.textAlign = 'center';
          ctx.fillText('BH', (left + right) / 2, area.bottom - 12);
        }
      });
      const shown = days.indexOf(options.shown);
      if (shown >= 0 && shown < days.length - 1) {
        ctx.strokeStyle = '#212b32';
        ctx.setLineDash([3, 3]);
        ctx.lineWidth = 1;
        ctx.beginPath();
        ctx.moveTo(x.getPixelForValue(shown), area.top);
        ctx.lineTo(x.getPixelForValue(shown), area.bottom);
        ctx.stroke();
      }
      ctx.restore();
    }
  };

  function describeDays(days) {
    if (!days.length) {
      return 'none';
    }
    return days.length > 2 ? formatDay(days[0]) + ' to ' + formatDay(days[days.length - 1]) : days.map(formatDay).join(' and ');
  }

  function drawCharts() {
    state.charts.forEach((chart) => chart.destroy());
    state.charts = new Map();
    const box = $('charts');
    box.textContent = '';
    const days = state.trendDays;
    CHARTED.forEach((id) => {
      const lines = linesOf(id);
      const figure = document.createElement('figure');
      figure.className = 'chart';
      figure.dataset.indicator = id;
      const caption = document.createElement('figcaption');
      caption.textContent = INDICATORS[id].title + (INDICATORS[id].help ? ' (' + INDICATORS[id].help + ')' : '');
      figure.append(caption);
      if (!lines.length) {
        const none = document.createElement('p');
        none.className = 'hint';
        none.textContent = 'No values in these ' + TREND_DAYS + ' days.';
        figure.append(none);
        box.append(figure);
        return;
      }
      const holder = document.createElement('div');
      // one line per action needs room for its legend as well as the plot
      holder.className = 'canvas-holder' + (lines.length > 3 ? ' tall' : '');
      const canvas = document.createElement('canvas');
      canvas.setAttribute('role', 'img');
      holder.append(canvas);
      figure.append(holder, dataTable(id, lines));
      box.append(figure);
      const format = INDICATORS[id].format;
      const provisional = new Set(days.filter((d) => lines.some(([, values]) => values.has(d) && values.get(d).provisional)));
      figure.dataset.provisionalDays = Array.from(provisional).join(' ');
      const datasets = [];
      lines.forEach(([label, values], i) => {
        const colour = COLOURS[i % COLOURS.length];
        const at = (d) => (values.has(d) ? values.get(d) : null);
        const few = Array.from(values.values()).filter((x) => present(x.value)).length <= 14;
        datasets.push({
          label: label, values: days.map(at), data: days.map((d) => (at(d) ? at(d).value : null)),
          borderColor: colour, backgroundColor: colour, borderWidth: 2, spanGaps: false,
          // a short series is only a few dots: draw them, or a lone day would not show at all; a provisional
          // day's point is drawn hollow and the line into it dashed
          pointRadius: days.map((d) => (provisional.has(d) || few ? 3 : 0)),
          pointBackgroundColor: days.map((d) => (provisional.has(d) ? '#fff' : colour)),
          segment: {borderDash: (c) => (provisional.has(days[c.p1DataIndex]) ? [5, 4] : undefined)}
        });
        if (Array.from(values.values()).some((x) => present(x.low) && present(x.high))) {
          // the 95% interval as a band: Chart.js fills the upper bound's dataset down to the one before it
          datasets.push({label: label + ': lower bound', band: true, data: days.map((d) => (at(d) && present(at(d).low) ? at(d).low : null)),
            borderColor: 'transparent', pointRadius: 0, fill: false, spanGaps: false});
          datasets.push({label: label + ': 95% interval', band: true, data: days.map((d) => (at(d) && present(at(d).high) ? at(d).high : null)),
            borderColor: 'transparent', backgroundColor: withAlpha(colour, 0.18), pointRadius: 0, fill: '-1', spanGaps: false});
        }
      });
      const rules = HEADLINE.includes(id) ? rulesFor(id, null, null, state.area).filter((r) => r.type !== 'EARS_C2') : [];
      rules.slice(0, 1).forEach((r) => {
        datasets.push({label: 'Warning', data: days.map(() => r.warning), borderColor: '#a35a00', borderDash: [6, 4], borderWidth: 1.5, pointRadius: 0});
        datasets.push({label: 'Worst case', data: days.map(() => r.critical), borderColor: '#d5281b', borderDash: [2, 3], borderWidth: 1.5, pointRadius: 0});
      });
      const lines_ = datasets.filter((d) => !d.band);
      const latest = lines.map(([label, values]) => label + ' ' + (values.has(state.day) ? formatReading(values.get(state.day))
          + (values.get(state.day).provisional ? ', provisional' : '') : 'no value')).join('; ');
      const holidays = days.filter((d) => state.bankHolidays.has(d));
      canvas.setAttribute('aria-label', 'Line chart of ' + INDICATORS[id].title + ' from ' + days[0] + ' to ' + days[days.length - 1]
          + '. On ' + state.day + ': ' + latest + '. Provisional days: ' + describeDays(Array.from(provisional))
          + '. Bank holidays: ' + describeDays(holidays) + '. The numbers are in the table below.');
      state.charts.set(id, new Chart(canvas, {
        type: 'line',
        data: {labels: days.map((d) => d.slice(5)), datasets: datasets},
        plugins: [DAY_BANDS],
        options: {
          animation: false, responsive: true, maintainAspectRatio: false,
          interaction: {mode: 'index', intersect: false},
          plugins: {
            dayBands: {days: days, provisional: provisional, shown: state.day},
            legend: {display: lines_.length > 1, position: 'bottom',
              labels: {boxWidth: 12, font: {size: 11}, filter: (item, data) => !data.datasets[item.datasetIndex].band}},
            tooltip: {
              filter: (item) => !item.dataset.band,
              callbacks: {
                title: (items) => (items.length ? formatDay(days[items[0].dataIndex]) + (kindOfDay(days[items[0].dataIndex]) ? ', ' + kindOfDay(days[items[0].dataIndex]) : '') : ''),
                label: (c) => {
                  const v = c.dataset.values ? c.dataset.values[c.dataIndex] : null;
                  if (v) {
                    return c.dataset.label + ': ' + formatReading(v) + (v.provisional ? ', provisional' : '');
                  }
                  return c.dataset.label + ': ' + (c.parsed.y === null ? 'no value' : format(c.parsed.y));
                }
              }
            }
          },
          scales: {
            x: {ticks: {maxTicksLimit: 8, color: '#212b32'}, grid: {display: false}},
            y: {beginAtZero: true, ticks: {callback: (v) => format(v), color: '#212b32', maxTicksLimit: 6,
              precision: id === 'participating_practices' ? 0 : undefined}}
          }
        }
      }));
    });
  }

  function dataTable(id, lines) {
    const details = document.createElement('details');
    const summary = document.createElement('summary');
    summary.textContent = 'Numbers for ' + INDICATORS[id].title;
    const table = document.createElement('table');
    table.className = 'data small';
    const head = document.createElement('tr');
    ['Day'].concat(lines.map(([label]) => label)).forEach((text) => {
      const th = document.createElement('th');
      th.scope = 'col';
      th.textContent = text;
      head.append(th);
    });
    const thead = document.createElement('thead');
    thead.append(head);
    const body = document.createElement('tbody');
    state.trendDays.slice().reverse().forEach((d) => {
      if (!lines.some(([, days]) => days.has(d))) {
        return;
      }
      const row = document.createElement('tr');
      row.dataset.day = d;
      const th = document.createElement('th');
      th.scope = 'row';
      th.textContent = d + ' ' + WEEKDAYS[new Date(d + 'T12:00:00Z').getUTCDay()];
      if (kindOfDay(d)) {
        th.append(' ', tag(kindOfDay(d), 'tag-' + kindOfDay(d).replace(' ', '-')));
      }
      row.append(th);
      lines.forEach(([, days]) => {
        const v = days.get(d);
        const td = cell(row, v ? formatReading(v) : 'no value');
        if (v && v.provisional) {
          row.classList.add('provisional');
          td.append(' ', tag('provisional', 'tag-provisional', provisionalReason(d)));
        }
      });
      body.append(row);
    });
    table.append(thead, body);
    details.append(summary, table);
    return details;
  }

  // --- appointments: NHS England's published daily counts (GET /api/v1/areas/{area}/appointments and the
  // appointments_change / appointments_rate indicators), up to the feed's own horizon (GET /api/v1/horizon,
  // appointmentsHorizon). A server without the feed, or without its data, leaves a short note and nothing else. ---

  const NO_APPOINTMENTS = 'No published appointments data loaded';

  function appointmentsNone(text) {
    state.appointments = null;
    destroyAppointmentCharts();
    $('appointments-horizon').textContent = '';
    $('appointments-none').textContent = text;
    $('appointments-none').hidden = false;
    $('appointments-body').hidden = true;
  }

  function destroyAppointmentCharts() {
    state.appointmentCharts.forEach((chart) => chart.destroy());
    state.appointmentCharts = [];
    $('appointments-charts').textContent = '';
  }

  function bodyList(answer) {
    return answer.status === 200 && Array.isArray(answer.body) ? answer.body : [];
  }

  async function loadAppointments() {
    if (!state.me || !state.area) {
      return;
    }
    const area = state.area;
    const shown = state.day;
    const generation = ++state.appointmentsGeneration;
    // the feed's horizon moves when a file is loaded, not with reports: read it each time the section is drawn
    const horizon = await api('api/v1/horizon');
    if (generation !== state.appointmentsGeneration) {
      return;
    }
    const h = horizon.status === 200 && horizon.body && horizon.body.appointmentsHorizon ? horizon.body.appointmentsHorizon : null;
    if (!h) {
      appointmentsNone(NO_APPOINTMENTS + ': NHS England\'s daily GP appointments appear here once an administrator loads the published file.');
      return;
    }
    // up to the day shown above, or the horizon when the day shown is after it (or there is none)
    const to = shown && shown < h ? shown : h;
    const from = addDays(to, -(APPOINTMENT_DAYS - 1));
    const range = '?from=' + from + '&to=' + to;
    const base = 'api/v1/areas/' + encodeURIComponent(area);
    const [totals, changeAll, changeGp, rateAll, rateGp, calendar] = await Promise.all([
      api(base + '/appointments' + range),
      api(base + '/indicators/appointments_change' + range + '&metric=all'),
      api(base + '/indicators/appointments_change' + range + '&metric=gp'),
      api(base + '/indicators/appointments_rate' + range + '&metric=all'),
      api(base + '/indicators/appointments_rate' + range + '&metric=gp'),
      api('api/v1/calendar' + range)]);
    if (generation !== state.appointmentsGeneration || area !== state.area) {
      return;
    }
    if (totals.status === 404) {
      appointmentsNone(NO_APPOINTMENTS + ' (this server does not offer them).');
      return;
    }
    if (totals.status !== 200 || !Array.isArray(totals.body)) {
      appointmentsNone('Appointments could not be read: ' + describeProblem(totals));
      return;
    }
    if (!totals.body.length) {
      appointmentsNone(NO_APPOINTMENTS + ' for ' + (area === ENGLAND ? 'England' : shortName(area)) + ' from ' + formatDay(from) + ' to '
          + formatDay(to) + ' (published data reaches ' + formatDay(h) + ').');
      return;
    }
    const days = [];
    for (let d = from; d <= to; d = addDays(d, 1)) {
      days.push(d);
    }
    const byDay = (list) => new Map(list.filter((v) => v.area === undefined || v.area === area).map((v) => [v.day, v]));
    const holidays = new Set(calendar.status === 200 && calendar.body && Array.isArray(calendar.body.bankHolidays) ? calendar.body.bankHolidays : []);
    state.appointments = {
      area: area, from: from, to: to, horizon: h, days: days, holidays: holidays,
      totals: byDay(totals.body),
      change: {all: byDay(bodyList(changeAll)), gp: byDay(bodyList(changeGp))},
      rate: {all: byDay(bodyList(rateAll)), gp: byDay(bodyList(rateGp))},
      series: {appointments_change: bodyList(changeAll).concat(bodyList(changeGp)), appointments_rate: bodyList(rateAll).concat(bodyList(rateGp))}
    };
    const horizonLine = $('appointments-horizon');
    horizonLine.textContent = '';
    const strong = document.createElement('strong');
    strong.textContent = 'NHS England\'s published data up to ' + formatDay(h) + '.';
    horizonLine.append(strong);
    if (to < h) {
      horizonLine.append(' Shown up to ' + formatDay(to) + ', the day shown above.');
    } else if (shown && shown > h) {
      horizonLine.append(' The day shown above, ' + formatDay(shown) + ', is after it: these are the latest published days.');
    }
    $('appointments-none').hidden = true;
    $('appointments-body').hidden = false;
    renderAppointmentsTable();
    drawAppointmentCharts();
  }

  /** The latest day of the section with a published total: the day its table speaks of. */
  function appointmentsDay() {
    const a = state.appointments;
    const published = a.days.filter((d) => a.totals.has(d));
    return published.length ? published[published.length - 1] : a.to;
  }

  function renderAppointmentsTable() {
    const a = state.appointments;
    if (!a || a.area !== state.area) {
      return;
    }
    const day = appointmentsDay();
    document.querySelectorAll('.appointments-day').forEach((el) => {
      el.textContent = formatDay(day);
    });
    const body = $('appointments-latest').tBodies[0];
    body.textContent = '';
    Object.keys(APPOINTMENT_METRICS).forEach((metric) => {
      const total = a.totals.get(day);
      const change = a.change[metric].get(day);
      const row = document.createElement('tr');
      row.dataset.metric = metric;
      const th = document.createElement('th');
      th.scope = 'row';
      th.innerHTML = '<span class="name"></span><span class="help"></span>';
      th.querySelector('.name').textContent = APPOINTMENT_METRICS[metric];
      th.querySelector('.help').textContent = APPOINTMENT_HELP[metric];
      row.append(th);
      const count = cell(row, total && present(total[metric]) ? total[metric].toLocaleString('en-GB') : 'none published', 'value total');
      count.dataset.value = total && present(total[metric]) ? String(total[metric]) : '';
      valueCell(row, change).classList.add('change');
      valueCell(row, a.rate[metric].get(day)).classList.add('rate');
      statusCell(row, [judgement('appointments_change', null, metric, change)]);
      cell(row, thresholds('appointments_change', null, metric), 'thresholds');
      body.append(row);
    });
  }

  function appointmentsTable(title, days, columns, holidays) {
    const details = document.createElement('details');
    const summary = document.createElement('summary');
    summary.textContent = 'Numbers for ' + title;
    const table = document.createElement('table');
    table.className = 'data small';
    const head = document.createElement('tr');
    ['Day'].concat(columns.map(([label]) => label)).forEach((text) => {
      const th = document.createElement('th');
      th.scope = 'col';
      th.textContent = text;
      head.append(th);
    });
    const thead = document.createElement('thead');
    thead.append(head);
    const body = document.createElement('tbody');
    days.slice().reverse().forEach((d) => {
      const texts = columns.map(([, text]) => text(d));
      if (texts.every((t) => t === null)) {
        return;
      }
      const row = document.createElement('tr');
      row.dataset.day = d;
      const th = document.createElement('th');
      th.scope = 'row';
      th.textContent = d + ' ' + WEEKDAYS[new Date(d + 'T12:00:00Z').getUTCDay()];
      const kind = kindIn(d, holidays);
      if (kind) {
        th.append(' ', tag(kind, 'tag-' + kind.replace(' ', '-')));
      }
      row.append(th);
      texts.forEach((t) => cell(row, t === null ? 'no value' : t));
      body.append(row);
    });
    table.append(thead, body);
    details.append(summary, table);
    return details;
  }

  function appointmentFigure(kind, title, days, holidays, columns) {
    const figure = document.createElement('figure');
    figure.className = 'chart';
    figure.dataset.chart = kind;
    figure.dataset.bankHolidays = days.filter((d) => holidays.has(d)).join(' ');
    const caption = document.createElement('figcaption');
    caption.textContent = title;
    const holder = document.createElement('div');
    holder.className = 'canvas-holder';
    const canvas = document.createElement('canvas');
    canvas.setAttribute('role', 'img');
    holder.append(canvas);
    figure.append(caption, holder, appointmentsTable(title, days, columns, holidays));
    $('appointments-charts').append(figure);
    return canvas;
  }

  function appointmentChart(canvas, days, holidays, datasets, format) {
    return new Chart(canvas, {
      type: 'line',
      data: {labels: days.map((d) => d.slice(5)), datasets: datasets},
      plugins: [DAY_BANDS],
      options: {
        animation: false, responsive: true, maintainAspectRatio: false,
        interaction: {mode: 'index', intersect: false},
        plugins: {
          dayBands: {days: days, holidays: holidays, shown: state.day},
          legend: {display: true, position: 'bottom',
            labels: {boxWidth: 12, font: {size: 11}, filter: (item, data) => !data.datasets[item.datasetIndex].band}},
          tooltip: {
            filter: (item) => !item.dataset.band,
            callbacks: {
              title: (items) => (items.length ? formatDay(days[items[0].dataIndex])
                  + (kindIn(days[items[0].dataIndex], holidays) ? ', ' + kindIn(days[items[0].dataIndex], holidays) : '') : ''),
              label: (c) => {
                const v = c.dataset.values ? c.dataset.values[c.dataIndex] : null;
                return c.dataset.label + ': ' + (v ? formatReading(v) : c.parsed.y === null ? 'no value' : format(c.parsed.y));
              }
            }
          }
        },
        scales: {
          x: {ticks: {maxTicksLimit: 8, color: '#212b32'}, grid: {display: false}},
          y: {beginAtZero: format !== SIGNED_PCT, ticks: {callback: (v) => format(v), color: '#212b32', maxTicksLimit: 6}}
        }
      }
    });
  }

  function drawAppointmentCharts() {
    destroyAppointmentCharts();
    const a = state.appointments;
    if (!a) {
      return;
    }
    if (typeof Chart === 'undefined') {
      $('appointments-charts').textContent = 'Charts are unavailable (the chart library did not load); the table above has the latest numbers.';
      return;
    }
    const days = a.days;
    const holidays = a.holidays;
    const metrics = Object.keys(APPOINTMENT_METRICS);
    const count = (n) => Math.round(n).toLocaleString('en-GB');
    const totalOf = (d, metric) => (a.totals.has(d) && present(a.totals.get(d)[metric]) ? a.totals.get(d)[metric] : null);
    const described = 'Bank holidays: ' + describeDays(days.filter((d) => holidays.has(d))) + '. The numbers are in the table below.';

    const totals = appointmentFigure('appointments-totals', 'Published appointments per day', days, holidays,
        metrics.map((m) => [APPOINTMENT_METRICS[m], (d) => (totalOf(d, m) === null ? null : count(totalOf(d, m)))]));
    totals.setAttribute('aria-label', 'Line chart of published appointments per day, all and GP, from ' + formatDay(days[0]) + ' to '
        + formatDay(days[days.length - 1]) + '. ' + described);
    state.appointmentCharts.push(appointmentChart(totals, days, holidays, metrics.map((m, i) => ({
      label: APPOINTMENT_METRICS[m], data: days.map((d) => totalOf(d, m)), borderColor: COLOURS[i], backgroundColor: COLOURS[i],
      borderWidth: 2, pointRadius: 0, spanGaps: false
    })), count));

    const changeOf = (d, m) => a.change[m].get(d) || null;
    const change = appointmentFigure('appointments-change', 'Change against baseline (7-day window, by day type) with its 95% interval',
        days, holidays, metrics.map((m) => [APPOINTMENT_METRICS[m], (d) => (changeOf(d, m) && present(changeOf(d, m).value) ? formatReading(changeOf(d, m)) : null)]));
    change.setAttribute('aria-label', 'Line chart of the change in published appointments against baseline, all and GP, from '
        + formatDay(days[0]) + ' to ' + formatDay(days[days.length - 1]) + '. ' + described);
    const datasets = [];
    metrics.forEach((m, i) => {
      const colour = COLOURS[i];
      const at = (d) => changeOf(d, m);
      datasets.push({label: APPOINTMENT_METRICS[m], values: days.map(at), data: days.map((d) => (at(d) && present(at(d).value) ? at(d).value : null)),
        borderColor: colour, backgroundColor: colour, borderWidth: 2, pointRadius: 0, spanGaps: false});
      // the 95% interval as a band, as on the trends: the upper bound's dataset fills down to the lower one's
      datasets.push({label: APPOINTMENT_METRICS[m] + ': lower bound', band: true, data: days.map((d) => (at(d) && present(at(d).low) ? at(d).low : null)),
        borderColor: 'transparent', pointRadius: 0, fill: false, spanGaps: false});
      datasets.push({label: APPOINTMENT_METRICS[m] + ': 95% interval', band: true, data: days.map((d) => (at(d) && present(at(d).high) ? at(d).high : null)),
        borderColor: 'transparent', backgroundColor: withAlpha(colour, 0.18), pointRadius: 0, fill: '-1', spanGaps: false});
    });
    rulesFor('appointments_change', null, 'gp', state.area).filter((r) => r.type !== 'EARS_C2').slice(0, 1).forEach((r) => {
      datasets.push({label: 'Warning (GP)', data: days.map(() => r.warning), borderColor: '#a35a00', borderDash: [6, 4], borderWidth: 1.5, pointRadius: 0});
      datasets.push({label: 'Worst case (GP)', data: days.map(() => r.critical), borderColor: '#d5281b', borderDash: [2, 3], borderWidth: 1.5, pointRadius: 0});
    });
    state.appointmentCharts.push(appointmentChart(change, days, holidays, datasets, SIGNED_PCT));
  }

  // --- live updates: GET /api/v1/stream?area= read with fetch, so the credential stays in a header ---

  function setLive(text, css) {
    $('live').textContent = 'Live updates: ' + text;
    $('live').className = 'live ' + (css || '');
  }

  function stopStream() {
    state.streamGeneration++;
    if (state.stream) {
      state.stream.abort();
      state.stream = null;
    }
  }

  function startStream(area) {
    stopStream();
    const generation = state.streamGeneration;
    const controller = new AbortController();
    state.stream = controller;
    (async () => {
      let wait = 1000;
      while (generation === state.streamGeneration) {
        try {
          setLive('connecting\u2026', 'waiting');
          const response = await fetch('api/v1/stream?area=' + encodeURIComponent(area), {
            headers: {'Accept': 'text/event-stream', 'Authorization': 'Bearer ' + token()}, signal: controller.signal, cache: 'no-store'
          });
          if (response.status === 401) {
            signOut('Your credential is no longer accepted: please sign in again.');
            return;
          }
          if (response.status === 403) {
            setLive('not allowed for this area', 'problem');
            return;
          }
          if (!response.ok || !response.body) {
            throw new Error('status ' + response.status);
          }
          setLive('connected', 'connected');
          wait = 1000;
          await readEvents(response.body, generation);
        } catch (e) {
          if (controller.signal.aborted || generation !== state.streamGeneration) {
            return;
          }
        }
        if (generation !== state.streamGeneration) {
          return;
        }
        setLive('reconnecting in ' + Math.round(wait / 1000) + ' s', 'waiting');
        await new Promise((resolve) => setTimeout(resolve, wait));
        wait = Math.min(wait * 2, 30000);
      }
    })();
  }

  /** Server-sent events, as the HTML standard parses them: fields per line, an event ends at a blank line. */
  async function readEvents(body, generation) {
    const reader = body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    let event = {type: 'message', data: []};
    while (generation === state.streamGeneration) {
      const {value, done} = await reader.read();
      if (done) {
        return;
      }
      buffer += value;
      let newline;
      while ((newline = buffer.search(/\r\n|\r|\n/)) >= 0) {
        const line = buffer.slice(0, newline);
        buffer = buffer.slice(newline + (buffer.startsWith('\r\n', newline) ? 2 : 1));
        if (line === '') {
          if (event.data.length) {
            dispatch(event.type, event.data.join('\n'));
          }
          event = {type: 'message', data: []};
        } else if (!line.startsWith(':')) {
          const colon = line.indexOf(':');
          const field = colon < 0 ? line : line.slice(0, colon);
          const text = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
          if (field === 'event') {
            event.type = text;
          } else if (field === 'data') {
            event.data.push(text);
          }
        }
      }
    }
    reader.cancel();
  }

  function dispatch(type, data) {
    if (type !== 'indicator') {
      return;
    }
    let v;
    try {
      v = JSON.parse(data);
    } catch (e) {
      return;
    }
    if (v.area !== state.area) {
      return;
    }
    if (isAppointments(v.indicator)) {
      // a file of published appointments arrives as a burst of values over many days: redraw the section once
      clearTimeout(state.appointmentsTimer);
      state.appointmentsTimer = setTimeout(loadAppointments, 1500);
      return;
    }
    if (!state.day || !state.edge || v.day > state.edge) {
      // a day beyond the newest known has data: the horizon may have moved, and the latest settled day with it;
      // look again once the burst of its values has arrived
      clearTimeout(state.reloadTimer);
      state.reloadTimer = setTimeout(() => {
        if ($('follow-latest').checked || !state.day) {
          showLatest();
        } else {
          loadHorizon().then(() => {
            state.edge = horizonDay() && horizonDay() > (state.edge || '') ? horizonDay() : state.edge;
            state.settledDay = state.horizon && state.horizon.latestSettledDay ? state.horizon.latestSettledDay : state.settledDay;
            renderDayState();
          });
        }
      }, 500);
      if (!state.day) {
        return;
      }
    }
    if (v.day === state.day) {
      const before = state.values.get(keyOf(v));
      state.values.set(keyOf(v), v);
      if (!before || before.value !== v.value || before.provisional !== v.provisional) {
        announce(v);
      }
      renderTables();
      renderDayState();
      markChanged(v);
    }
    updateChart(v);
    scheduleAlerts(1500);
  }

  function markChanged(v) {
    const selector = v.indicator === 'attributable_change' ? null
        : HEADLINE.includes(v.indicator) ? '#headline tr[data-indicator="' + v.indicator + '"] td.value'
        : '#participation tr[data-action="' + v.action + '"] td.' + {participating_practices: 'participating', participation_rate: 'rate', patients_covered_rate: 'covered'}[v.indicator];
    const el = selector && document.querySelector(selector);
    if (el) {
      el.classList.add('changed');
      el.title = 'Updated at ' + new Date().toLocaleTimeString('en-GB');
    }
  }

  function updateChart(v) {
    const series = state.series.get(v.indicator);
    if (!series || !state.trendDays || !state.trendDays.includes(v.day)) {
      return;
    }
    const i = series.findIndex((s) => s.day === v.day && s.action === v.action && s.metric === v.metric);
    if (i >= 0) {
      series[i] = v;
    } else {
      series.push(v);
    }
    clearTimeout(state.chartTimer);
    state.chartTimer = setTimeout(drawCharts, 1000);
  }

  /** One sentence per burst of changes for screen readers, not one per value. */
  function announce(v) {
    state.pendingAnnouncements.push(v);
    clearTimeout(state.announceTimer);
    state.announceTimer = setTimeout(() => {
      const changes = state.pendingAnnouncements;
      state.pendingAnnouncements = [];
      const first = changes[0];
      const name = INDICATORS[first.indicator].title + (first.action ? ', ' + titleOf(first.action) : '');
      $('updates').textContent = 'Updated at ' + new Date().toLocaleTimeString('en-GB') + ': ' + name + ' now ' + formatReading(first)
          + (first.provisional ? ' (provisional)' : '')
          + (changes.length > 1 ? ', and ' + (changes.length - 1) + ' other value' + (changes.length > 2 ? 's' : '') : '') + '.';
    }, 400);
  }

  // --- wiring ---

  document.addEventListener('DOMContentLoaded', async () => {
    $('sign-in-form').addEventListener('submit', async (event) => {
      event.preventDefault();
      $('errors').textContent = '';
      const value = $('token').value.trim();
      if (!value) {
        complain('Enter your access credential.');
        $('token').setAttribute('aria-invalid', 'true');
        return;
      }
      $('token').removeAttribute('aria-invalid');
      if (await signIn(value)) {
        say('Signed in.');
        $('area-heading').focus();
      }
    });
    $('sign-out').addEventListener('click', () => signOut());
    $('region').addEventListener('change', () => {
      const code = $('region').value;
      openArea(mayRead(code) ? code : childrenOf(code).map((i) => i.code).find(mayRead), false);
    });
    $('icb').addEventListener('change', () => {
      if ($('icb').value) {
        openArea($('icb').value, false);
      }
    });
    $('day').addEventListener('change', () => {
      if ($('day').value) {
        loadDay($('day').value);
      }
    });
    $('day-back').addEventListener('click', () => {
      if (state.day) {
        loadDay(addDays(state.day, -1));
      }
    });
    $('day-forward').addEventListener('click', () => {
      if (state.day) {
        loadDay(addDays(state.day, 1));
      }
    });
    $('follow-latest').addEventListener('change', () => {
      if ($('follow-latest').checked) {
        showLatest(true);
      }
    });
    // a safety net besides the stream: alert state changes without any indicator changing (acks, silences)
    setInterval(() => {
      if (state.me && !document.hidden) {
        loadAlerts();
      }
    }, 15000);
    if (token()) {
      await signIn(token());
    }
  });
})();
