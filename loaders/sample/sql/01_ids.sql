-- Ids of the sample's rows, built from their numbers. Grain: none (macros only).
-- Steps compute with numbers (cheap to sort and join) and turn them into ids at the end.

-- zero-padded to at least `width` digits; unlike lpad, never cuts a longer number short
CREATE MACRO zero_pad(n, width) AS lpad(n::VARCHAR, greatest(width, length(n::VARCHAR))::INTEGER, '0');

CREATE MACRO account_id_of(account_no) AS 'ACC-' || zero_pad(account_no, 6);
CREATE MACRO user_id_of(user_no) AS 'USR-' || zero_pad(user_no, 7);
CREATE MACRO session_id_of(session_no) AS 'S' || session_no::VARCHAR;
CREATE MACRO contract_id_of(account_no, term_seq) AS 'CTR-' || zero_pad(account_no, 6) || '-' || zero_pad(term_seq, 2);
CREATE MACRO lead_id_of(lead_no) AS 'LEAD-' || zero_pad(lead_no, 6);
