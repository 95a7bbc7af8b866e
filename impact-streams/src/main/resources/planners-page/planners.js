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

  // What each indicator of indicators.md means to a planner, and how its number is written.
  const PCT = (v) => (v * 100).toFixed(1) + '%';
  const SIGNED_PCT = (v) => (v > 0 ? '+' : v < 0 ? '\u2212' : '') + Math.abs(v * 100).toFixed(1) + '%';
  const INDICATORS = {
    ag_dropoff: {title: 'Advice & Guidance drop-off', help: 'fall in A&G requests against baseline, 7-day window', format: PCT, fromReports: true},
    referral_change: {title: 'Referral change', help: 'against baseline, 7-day window', format: SIGNED_PCT, fromReports: true},
    online_request_change: {title: 'Online request change', help: 'against baseline, 7-day window', format: SIGNED_PCT, fromReports: true},
    urgent_care_diversions_rate: {title: 'Urgent-care diversions', help: 'per 1,000 patients per day, 7-day window',
      format: (v) => v.toFixed(2) + ' per 1,000', fromReports: true},
    capped_session_share: {title: 'Sessions at the contact cap', help: 'share of clinician sessions, 7-day window', format: PCT, fromReports: true},
    contacts_per_session: {title: 'Contacts per clinician session', help: '7-day window', format: (v) => v.toFixed(1), fromReports: true},
    reporting_completeness: {title: 'Reporting completeness', help: 'practices that reported for the day', format: PCT, fromReports: true},
    participating_practices: {title: 'Practices taking the action', format: (v) => String(Math.round(v))},
    participation_rate: {title: 'Share of practices taking the action', format: PCT},
    patients_covered_rate: {title: 'Share of patients covered', format: PCT},
    attributable_change: {title: 'Attributable change', help: 'of each action\'s first-order effect', format: SIGNED_PCT, fromReports: true}
  };
  const HEADLINE = ['ag_dropoff', 'referral_change', 'online_request_change', 'urgent_care_diversions_rate', 'capped_session_share',
    'contacts_per_session', 'reporting_completeness'];
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
    me: null, areas: new Map(), actions: [], area: null, day: null, latestDay: null,
    values: new Map(), rules: [], alerts: [], alertsProblem: null, charts: new Map(), series: new Map(),
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
    loadRules();
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
    await loadDay($('follow-latest').checked ? null : $('day').value || null);
    if (focus) {
      $('area-heading').focus();
    }
  }

  // --- one area and day ---

  async function loadDay(day) {
    const area = state.area;
    const answer = await api('api/v1/areas/' + encodeURIComponent(area) + '/indicators' + (day ? '?day=' + day : ''));
    if (area !== state.area) {
      return;
    }
    if (answer.status === 401) {
      signOut('Your credential is no longer accepted: please sign in again.');
      return;
    }
    if (answer.status === 403) {
      complain('Not allowed: ' + ((answer.body && answer.body.detail) || 'this credential may not read ' + area) + '.');
      if (area !== state.me.home) {
        await openArea(state.me.home, false);
      }
      return;
    }
    if (answer.status !== 200) {
      complain('The indicators could not be read: ' + describeProblem(answer));
      return;
    }
    if (!day && !answer.body.length && area === state.shownArea && state.values.size) {
      // the newest day has begun but this area's values for it are still being computed: keep showing the last
      // day until they arrive (the stream says when)
      return;
    }
    state.shownArea = area;
    state.values = new Map();
    answer.body.forEach((v) => state.values.set(keyOf(v), v));
    state.day = day || (answer.body.length ? answer.body[0].day : null);
    if (!day && state.day) {
      state.latestDay = state.day;
    }
    $('day').value = state.day || '';
    document.querySelectorAll('.shown-day').forEach((el) => {
      el.textContent = state.day ? formatDay(state.day) : 'no day yet';
    });
    if (!answer.body.length) {
      say('No indicators yet for ' + areaName(area) + (day ? ' on ' + day : '') + ': they appear here as soon as notices or reports arrive.');
    } else if ($('messages').textContent.startsWith('No indicators yet')) {
      say('');
    }
    render();
    await Promise.all([loadAlerts(), loadTrends()]);
  }

  function keyOf(v) {
    return v.indicator + '/' + (v.action || '') + '/' + (v.metric || '');
  }

  function formatDay(day) {
    return new Date(day + 'T12:00:00Z').toLocaleDateString('en-GB', {weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC'});
  }

  function formatValue(v) {
    if (!v || v.value === null || v.value === undefined) {
      return 'no value';
    }
    return INDICATORS[v.indicator].format(v.value);
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

  async function loadRules() {
    const answer = await api('api/v1/rules');
    state.rules = answer.status === 200 ? answer.body : [];
    render();
  }

  async function loadAlerts() {
    const answer = await api('api/v1/alerts?state=FIRING');
    if (answer.status === 200) {
      state.alerts = answer.body;
      state.alertsProblem = null;
    } else {
      state.alerts = [];
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

  function rulesFor(indicator, action, metric, code) {
    const area = state.areas.get(code);
    const kind = area ? area.kind : null;
    return state.rules.filter((r) => r.indicator === indicator
        && (!r.action || r.action === action) && (!r.metric || r.metric === metric)
        && ((r.scope === 'ICB' && kind === 'ICB') || (r.scope === 'REGION' && kind === 'REGION')
            || (r.scope === 'ENGLAND' && kind === 'COUNTRY') || (r.scope === 'AREAS' && (r.areas || []).includes(code))));
  }

  /** The worst firing alert on an indicator of an area; OK when rules watch it and none fires. */
  function statusOf(indicator, action, metric, code) {
    if (state.alertsProblem) {
      return STATUS.UNKNOWN;
    }
    const firing = state.alerts.filter((a) => a.area === code && a.indicator === indicator
        && (!action || !a.action || a.action === action) && (!metric || !a.metric || a.metric === metric));
    if (firing.some((a) => a.severity === 'CRITICAL')) {
      return STATUS.CRITICAL;
    }
    if (firing.length) {
      return STATUS.WARNING;
    }
    return rulesFor(indicator, action, metric, code).length ? STATUS.OK : STATUS.NONE;
  }

  function worstOf(statuses) {
    return statuses.reduce((worst, s) => (s.rank > worst.rank ? s : worst), STATUS.NONE);
  }

  function areaStatus(code) {
    if (state.alertsProblem) {
      return STATUS.UNKNOWN;
    }
    const firing = state.alerts.filter((a) => a.area === code);
    return firing.some((a) => a.severity === 'CRITICAL') ? STATUS.CRITICAL : firing.length ? STATUS.WARNING : STATUS.OK;
  }

  function thresholds(indicator, action, metric) {
    const format = INDICATORS[indicator].format;
    return rulesFor(indicator, action, metric, state.area).map((r) => {
      if (r.type === 'EARS_C2') {
        return 'sudden jump (EARS C2)';
      }
      const sign = r.direction === 'BELOW' ? '\u2264 ' : '\u2265 ';
      return sign + format(r.warning) + ' / ' + sign + format(r.critical) + (r.for > 1 ? ' for ' + r.for + ' days' : '');
    }).join('; ') || '\u2014';
  }

  function badge(status) {
    const span = document.createElement('span');
    span.className = 'status status-' + status.css;
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

  function valueCell(row, v) {
    const td = cell(row, formatValue(v), 'value');
    td.dataset.value = v && v.value !== null ? String(v.value) : '';
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
      const status = statusOf(id, null, null, state.area);
      cell(row, badge(status === STATUS.OK && (!v || v.value === null) ? STATUS.NO_DATA : status), 'status-cell');
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
      cell(row, badge(worstOf([statusOf('participation_rate', action.id, null, state.area),
        statusOf('patients_covered_rate', action.id, null, state.area)])), 'status-cell');
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
        const td = valueCell(row, v);
        td.dataset.metric = m;
        td.title = basis(v);
      });
      attributable.append(row);
    });
    table.hidden = values.length === 0;
    $('no-attributable').hidden = values.length > 0;
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
    const inside = (code) => code === state.area || (state.areas.get(code) || {}).parent === state.area || state.area === ENGLAND;
    const shown = state.alerts.filter((a) => inside(a.area))
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
      head.append(what, document.createTextNode((a.action ? ' \u00b7 ' + titleOf(a.action) : '') + (a.metric ? ' \u00b7 ' + (METRICS[a.metric] || a.metric) : '')));
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

  async function loadTrends() {
    if (!state.day || typeof Chart === 'undefined') {
      $('charts').textContent = state.day ? 'Charts are unavailable (the chart library did not load); the tables above have every number.' : '';
      return;
    }
    const area = state.area;
    const to = state.day;
    const from = addDays(to, -(TREND_DAYS - 1));
    const answers = await Promise.all(CHARTED.map((id) => api('api/v1/areas/' + encodeURIComponent(area) + '/indicators/' + id + '?from=' + from + '&to=' + to)));
    if (area !== state.area || to !== state.day) {
      return;
    }
    state.series = new Map();
    CHARTED.forEach((id, i) => {
      state.series.set(id, answers[i].status === 200 ? answers[i].body : []);
    });
    state.trendDays = [];
    for (let d = from; d <= to; d = addDays(d, 1)) {
      state.trendDays.push(d);
    }
    drawCharts();
  }

  function addDays(day, n) {
    const d = new Date(day + 'T12:00:00Z');
    d.setUTCDate(d.getUTCDate() + n);
    return d.toISOString().slice(0, 10);
  }

  /** Series of one indicator as lines: one per action (and metric); actions never in force (all zero) are left out. */
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
      byLine.get(label).set(v.day, v.value);
    });
    const perAction = (state.series.get(id) || []).some((v) => v.action);
    return Array.from(byLine.entries()).filter(([, days]) => Array.from(days.values()).some((x) => x !== null && (!perAction || x !== 0)));
  }

  function drawCharts() {
    state.charts.forEach((chart) => chart.destroy());
    state.charts = new Map();
    const box = $('charts');
    box.textContent = '';
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
      const datasets = lines.map(([label, days], i) => ({
        label: label, data: state.trendDays.map((d) => (days.has(d) ? days.get(d) : null)),
        borderColor: COLOURS[i % COLOURS.length], backgroundColor: COLOURS[i % COLOURS.length], borderWidth: 2, spanGaps: false,
        // a short series is only a few dots: draw them, or a lone day would not show at all
        pointRadius: Array.from(days.values()).filter((x) => x !== null).length <= 14 ? 3 : 0
      }));
      const rules = HEADLINE.includes(id) ? rulesFor(id, null, null, state.area).filter((r) => r.type !== 'EARS_C2') : [];
      rules.slice(0, 1).forEach((r) => {
        datasets.push({label: 'Warning', data: state.trendDays.map(() => r.warning), borderColor: '#a35a00', borderDash: [6, 4], borderWidth: 1.5, pointRadius: 0});
        datasets.push({label: 'Worst case', data: state.trendDays.map(() => r.critical), borderColor: '#d5281b', borderDash: [2, 3], borderWidth: 1.5, pointRadius: 0});
      });
      const latest = lines.map(([label, days]) => label + ' ' + (days.get(state.day) !== undefined && days.get(state.day) !== null ? format(days.get(state.day)) : 'no value')).join('; ');
      canvas.setAttribute('aria-label', 'Line chart of ' + INDICATORS[id].title + ' from ' + state.trendDays[0] + ' to ' + state.day
          + '. On the last day: ' + latest + '. The numbers are in the table below.');
      state.charts.set(id, new Chart(canvas, {
        type: 'line',
        data: {labels: state.trendDays.map((d) => d.slice(5)), datasets: datasets},
        options: {
          animation: false, responsive: true, maintainAspectRatio: false,
          interaction: {mode: 'index', intersect: false},
          plugins: {
            legend: {display: datasets.length > 1, position: 'bottom', labels: {boxWidth: 12, font: {size: 11}}},
            tooltip: {callbacks: {label: (c) => c.dataset.label + ': ' + (c.parsed.y === null ? 'no value' : format(c.parsed.y))}}
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
      const th = document.createElement('th');
      th.scope = 'row';
      th.textContent = d;
      row.append(th);
      lines.forEach(([, days]) => cell(row, days.has(d) && days.get(d) !== null ? INDICATORS[id].format(days.get(d)) : 'no value'));
      body.append(row);
    });
    table.append(thead, body);
    details.append(summary, table);
    return details;
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
    if ((!state.day || v.day > state.day) && $('follow-latest').checked) {
      // a newer day has data: follow it, once the burst of its values has arrived
      clearTimeout(state.reloadTimer);
      state.reloadTimer = setTimeout(() => loadDay(null), 500);
      return;
    }
    if (v.day === state.day) {
      const before = state.values.get(keyOf(v));
      state.values.set(keyOf(v), v);
      if (!before || before.value !== v.value) {
        announce(v);
      }
      renderTables();
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
      $('updates').textContent = 'Updated at ' + new Date().toLocaleTimeString('en-GB') + ': ' + name + ' now ' + formatValue(first)
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
        $('follow-latest').checked = $('day').value === state.latestDay;
        loadDay($('day').value);
      }
    });
    $('follow-latest').addEventListener('change', () => {
      if ($('follow-latest').checked) {
        loadDay(null);
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
