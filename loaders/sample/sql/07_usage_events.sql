-- Grain: one row per action in the product (usage event), generated from the visits.
-- A visit opens with a page view of its module; later events are page views (45%) or uses of a
-- feature (55%), mostly in the same module. Which features an account uses is limited by its
-- feature depth; completing a key feature's action emits the key action's event name (40% of its
-- uses, the rest are 'feature_use').
-- Events follow each other in time: each starts after the previous one's duration plus a short
-- gap. Duration and gap depend only on the visit and the event's place in it, so each visit's
-- running sum is a list computed once per visit (no window over millions of rows). The steps
-- work with numbers (account_no, user_no, module_rank); ids are built at the end.

-- draws that depend only on (visit, place in visit)
CREATE MACRO event_uses_feature(session_no, seq) AS
  seq > 0 AND rnd2(session_no, seq, 'kind') >= 0.45;
-- median 25 s for a page view, 60 s for a feature use; in a long visit 2.5 times as long (reading,
-- building, comparing)
CREATE MACRO event_duration_s(session_no, seq, long_visit) AS
  least(1800, greatest(1, round(exp(
    ln(CASE WHEN event_uses_feature(session_no, seq) THEN 60 ELSE 25 END * CASE WHEN long_visit THEN 2.5 ELSE 1 END)
    + 0.7 * rnd2_normal(session_no, seq, 'duration')))))::INTEGER;
CREATE MACRO event_gap_s(session_no, seq) AS
  between_ints(rnd2(session_no, seq, 'gap'), 2, 20);

CREATE VIEW generated_usage_event AS
WITH visits AS (
  SELECT *, list_transform(range(n_events), lambda j: event_duration_s(session_no, j, long_visits)) AS durations
  FROM usage_session
),
visits_timed AS (
  SELECT *, list_transform(range(n_events), lambda j: durations[j + 1] + event_gap_s(session_no, j)) AS step_seconds
  FROM visits
),
steps AS (
  SELECT v.session_no, v.account_no, v.user_no, v.started_at, v.feature_depth, e.seq,
    event_uses_feature(v.session_no, e.seq) AS uses_feature,
    -- a long visit goes round the modules the account uses, two events in each, from the visit's own
    CASE WHEN v.long_visits
         THEN v.adopted_module_ranks[1 + (list_position(v.adopted_module_ranks, v.primary_module_rank) - 1 + e.seq // 2)
                                         % len(v.adopted_module_ranks)]
         WHEN e.seq = 0 OR rnd2(v.session_no, e.seq, 'stays_in_module') < 0.75 THEN v.primary_module_rank
         ELSE pick(v.adopted_module_ranks, rnd2(v.session_no, e.seq, 'module')) END AS module_rank,
    coalesce(list_sum(v.step_seconds[1:e.seq]), 0) AS seconds_into_visit,
    v.durations[e.seq + 1] AS duration_s
  FROM visits_timed v, unnest(range(v.n_events)) e(seq)
),
featured AS (
  SELECT *,
    CASE WHEN uses_feature THEN product_features()[module_rank][
      1 + floor(pow(rnd2(session_no, seq, 'feature'), 1.3)
                * ceil(len(product_features()[module_rank]) * feature_depth))::INTEGER]
    END AS used
  FROM steps
)
SELECT account_id_of(account_no) AS account_id, user_id_of(user_no) AS user_id,
  -- a visit late in the day is cut at midnight rather than spill into the next day
  least(date_trunc('day', started_at) + INTERVAL '23:59:59', started_at + to_seconds(seconds_into_visit))
    AS "timestamp",
  CASE WHEN NOT uses_feature THEN 'page_view'
       WHEN used.key_action IS NOT NULL AND rnd2(session_no, seq, 'completes') < 0.4 THEN used.key_action
       ELSE 'feature_use' END AS event,
  product_modules()[module_rank].module AS module,
  used.feature AS feature,
  session_id_of(session_no) AS session_id,
  duration_s,
  CASE WHEN uses_feature THEN 0 ELSE 1 + floor(-ln(rnd2(session_no, seq, 'pages')) * 0.7) END::INTEGER AS page_views,
  session_no, seq
FROM featured;
