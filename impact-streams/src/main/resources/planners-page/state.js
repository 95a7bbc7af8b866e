// The page's one state object and the element finder every module shares.

export const $ = (id) => document.getElementById(id);

export const state = {
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
