// The dashboard: what the decision store says, as one static HTML file (`ktriage dashboard`, the App's dashboard route).
export { clusterUnmatched, TEXT_SIMILARITY, type ClusterKind, type UnmatchedCluster } from './cluster-unmatched.js';
export { readDashboardData, REPORTS_PER_CLUSTER, type DashboardCluster, type DashboardData, type DashboardOptions, type DashboardReport, type DraftRuleFor } from './read-dashboard-data.js';
export { DASHBOARD_CSP, renderDashboard, toScriptJson } from './render-dashboard.js';
export { createRuleDrafter } from './create-rule-drafter.js';
