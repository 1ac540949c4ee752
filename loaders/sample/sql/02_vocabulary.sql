-- Word lists and the product catalogue the sample is built from.
-- Grain: the macros return constant lists; product_module has one row per module of the product,
-- product_feature one row per feature (features are named "<module>.<action>").

CREATE MACRO company_first_words() AS [
  'Northwind', 'Bluepeak', 'Silverline', 'Redwood', 'Brightwater', 'Ironclad', 'Greenfield', 'Stonebridge',
  'Clearview', 'Summit', 'Harbor', 'Lakeside', 'Pinecrest', 'Oakridge', 'Riverbend', 'Skyline',
  'Evergreen', 'Granite', 'Cobalt', 'Crescent', 'Falcon', 'Horizon', 'Keystone', 'Lighthouse',
  'Maple', 'Meridian', 'Nimbus', 'Orion', 'Pioneer', 'Quartz', 'Radiant', 'Sapphire',
  'Tidewater', 'Umbra', 'Vantage', 'Westgate', 'Zenith', 'Amber', 'Beacon', 'Cedar',
  'Driftwood', 'Ember', 'Fjord', 'Glacier', 'Highland', 'Indigo', 'Juniper', 'Kestrel',
  'Lumen', 'Mosaic', 'Nova', 'Obsidian', 'Polaris', 'Quill', 'Rowan', 'Sequoia',
  'Tundra', 'Unity', 'Vertex', 'Willow', 'Aurora', 'Basalt', 'Cascade', 'Delta',
  'Echo', 'Foxglove', 'Golden', 'Heron', 'Ivory', 'Jade', 'Kinetic', 'Lattice',
  'Magnolia', 'Northstar', 'Osprey', 'Prairie', 'Quantum', 'Ridgeline', 'Solstice', 'Trillium'
];
CREATE MACRO company_second_words() AS [
  'Analytics', 'Logistics', 'Health', 'Systems', 'Software', 'Retail', 'Foods', 'Capital',
  'Energy', 'Media', 'Labs', 'Networks', 'Robotics', 'Bank', 'Insurance', 'Learning',
  'Motors', 'Pharma', 'Telecom', 'Travel', 'Apparel', 'Foundry', 'Dynamics', 'Partners',
  'Works', 'Digital', 'Solutions', 'Commerce', 'Outfitters', 'Supply', 'Freight', 'Studios',
  'Clinics', 'Brewing', 'Markets', 'Payments', 'Security', 'Cloud', 'Data', 'Devices',
  'Biotech', 'Aerospace', 'Materials', 'Hospitality', 'Publishing', 'Games', 'Mobility', 'Realty',
  'Agritech', 'Textiles', 'Optics', 'Marine', 'Pharmacy', 'Fitness', 'Home', 'Kitchens',
  'Instruments', 'Ventures', 'Consulting', 'Interactive'
];
-- '' first: with few accounts most names have no suffix
CREATE MACRO company_suffixes() AS [
  '', 'Inc', 'Group', 'Ltd', 'GmbH', 'Holdings', 'Co', 'International', 'SA', 'AG', 'Corp', 'LLC'
];
CREATE MACRO industries() AS [
  'Software', 'Retail', 'Financial Services', 'Healthcare', 'Manufacturing', 'Media', 'Education', 'Logistics'
];
CREATE MACRO csm_names() AS [
  'Priya Natarajan', 'Marcus Webb', 'Elena Rossi', 'Daniel Okafor', 'Sofia Lindqvist', 'Hiro Tanaka',
  'Grace Mensah', 'Lucas Moreau', 'Aisha Rahman', 'Tom Becker', 'Camila Duarte', 'Noah Fischer'
];
CREATE MACRO person_first_names() AS [
  'ana', 'ben', 'chen', 'dara', 'eli', 'fatima', 'george', 'hana', 'ivan', 'julia',
  'kofi', 'lena', 'mateo', 'nadia', 'omar', 'paula', 'quentin', 'rosa', 'sam', 'tara',
  'uma', 'victor', 'wei', 'ximena', 'yusuf', 'zoe', 'arjun', 'bianca', 'carlos', 'dmitri',
  'emma', 'felix', 'gita', 'hugo', 'ines', 'jonas', 'kira', 'liam', 'mia', 'nils'
];
CREATE MACRO person_last_names() AS [
  'smith', 'garcia', 'kim', 'nguyen', 'muller', 'rossi', 'silva', 'tanaka', 'okoro', 'novak',
  'jensen', 'dubois', 'kowalski', 'haddad', 'patel', 'ivanova', 'lopez', 'chen', 'walker', 'berg',
  'santos', 'moreau', 'yilmaz', 'sato', 'brown', 'khan', 'weber', 'costa', 'larsen', 'ahmed',
  'fischer', 'martin', 'wong', 'reyes', 'schmidt', 'olsen', 'ali', 'park', 'torres', 'hughes'
];

-- The product: modules in order of adoption (dashboards: every account; integrations: about a
-- third) and each module's features, most used first. Features are named "<module>.<action>";
-- key_action is the event name emitted when the feature's action is completed (the config's
-- default key actions); other uses of a feature are 'feature_use'. Steps look features up by
-- (module_rank, feature_rank): product_features()[module_rank][feature_rank].
CREATE MACRO product_modules() AS [
  {module: 'dashboards',   adoption: 1.00},
  {module: 'reports',      adoption: 0.85},
  {module: 'funnels',      adoption: 0.70},
  {module: 'segments',     adoption: 0.55},
  {module: 'alerts',       adoption: 0.40},
  {module: 'integrations', adoption: 0.35}
];
CREATE MACRO product_features() AS [
  [ {feature: 'dashboards.filter',             key_action: NULL},
    {feature: 'dashboards.drilldown',          key_action: NULL},
    {feature: 'dashboards.edit',               key_action: NULL},
    {feature: 'dashboards.create',             key_action: 'create_dashboard'},
    {feature: 'dashboards.share',              key_action: 'share_dashboard'},
    {feature: 'dashboards.schedule',           key_action: NULL} ],
  [ {feature: 'reports.run',                   key_action: NULL},
    {feature: 'reports.edit',                  key_action: NULL},
    {feature: 'reports.export',                key_action: 'export_data'},
    {feature: 'reports.publish',               key_action: 'publish_report'},
    {feature: 'reports.schedule',              key_action: NULL},
    {feature: 'reports.template',              key_action: NULL} ],
  [ {feature: 'funnels.explore',               key_action: NULL},
    {feature: 'funnels.breakdown',             key_action: NULL},
    {feature: 'funnels.compare',               key_action: NULL},
    {feature: 'funnels.save',                  key_action: 'save_funnel'},
    {feature: 'funnels.conversion_window',     key_action: NULL},
    {feature: 'funnels.export',                key_action: 'export_data'} ],
  [ {feature: 'segments.filter',               key_action: NULL},
    {feature: 'segments.create',               key_action: NULL},
    {feature: 'segments.compare',              key_action: NULL},
    {feature: 'segments.export',               key_action: 'export_data'},
    {feature: 'segments.sync',                 key_action: NULL} ],
  [ {feature: 'alerts.history',                key_action: NULL},
    {feature: 'alerts.create',                 key_action: 'create_alert'},
    {feature: 'alerts.threshold',              key_action: NULL},
    {feature: 'alerts.anomaly',                key_action: NULL},
    {feature: 'alerts.digest',                 key_action: NULL} ],
  [ {feature: 'integrations.sync',             key_action: NULL},
    {feature: 'integrations.connect',          key_action: 'connect_integration'},
    {feature: 'integrations.webhook',          key_action: NULL},
    {feature: 'integrations.api_key',          key_action: NULL},
    {feature: 'integrations.warehouse_export', key_action: 'export_data'} ]
];

-- Why accounts left (churn_events.reason), and what some of them said (churn_events.feedback).
-- 10_churn_events.sql picks the reason from what the account's data shows.
CREATE MACRO churn_reasons() AS [
  'Too expensive', 'Missing features', 'Switched to a competitor', 'Low adoption', 'Business closed',
  'Poor support experience', 'Budget cuts', 'Merged or acquired'
];
CREATE MACRO churn_feedback() AS [
  {reason: 'Too expensive',            feedback: 'The renewal quote was well above what we had budgeted.'},
  {reason: 'Too expensive',            feedback: 'Good product, but hard to justify the price for a team our size.'},
  {reason: 'Too expensive',            feedback: 'We were asked to cut tool spend by 20%, and this was one of the bigger line items.'},
  {reason: 'Missing features',         feedback: 'We needed cohort retention charts, which are still on your roadmap.'},
  {reason: 'Missing features',         feedback: 'No SSO on our plan was a blocker for IT.'},
  {reason: 'Missing features',         feedback: 'Exports to our warehouse were too limited for the data team.'},
  {reason: 'Switched to a competitor', feedback: 'Moved to a tool our parent company already pays for.'},
  {reason: 'Switched to a competitor', feedback: 'A competitor bundled this with our CRM; "good enough" for now.'},
  {reason: 'Switched to a competitor', feedback: 'The other vendor offered a two-year deal at half the price.'},
  {reason: 'Low adoption',             feedback: 'Only a couple of people kept using it after the rollout.'},
  {reason: 'Low adoption',             feedback: 'Our champion left, and nobody picked it up.'},
  {reason: 'Low adoption',             feedback: 'The team went back to spreadsheets.'},
  {reason: 'Business closed',          feedback: 'We are winding down operations this quarter.'},
  {reason: 'Business closed',          feedback: 'The business unit that used the product was shut down.'},
  {reason: 'Poor support experience',  feedback: 'Tickets took weeks to resolve, and we had to escalate twice.'},
  {reason: 'Poor support experience',  feedback: 'Support kept closing our issue without fixing it.'},
  {reason: 'Poor support experience',  feedback: 'An outage during month-end close, and no update for two days.'},
  {reason: 'Budget cuts',              feedback: 'All new and renewing software was frozen for the fiscal year.'},
  {reason: 'Budget cuts',              feedback: 'Budget cuts across the department, nothing to do with the product.'},
  {reason: 'Merged or acquired',       feedback: 'We were acquired, and the new owner standardises on its own tools.'},
  {reason: 'Merged or acquired',       feedback: 'After the merger the combined team uses the acquirer''s stack.'}
];
