-- Pseudo-random numbers for the sample generator.
-- Grain: none (macros only). A value is a pure function of (seed, keys, salt), so the same options
-- give the same numbers whatever the thread count or the order rows are processed in. random() and
-- setseed() are not used: under parallelism their draw order, and so the output, changes.
-- The salt names what the number decides ('first_arr', 'visits', ...), so draws are independent.

-- uniform in (0, 1)
CREATE MACRO rnd(k, salt) AS
  ((hash(getvariable('seed'), k, salt) % 1000000)::DOUBLE + 0.5) / 1000000.0;
CREATE MACRO rnd2(k1, k2, salt) AS
  ((hash(getvariable('seed'), k1, k2, salt) % 1000000)::DOUBLE + 0.5) / 1000000.0;
CREATE MACRO rnd3(k1, k2, k3, salt) AS
  ((hash(getvariable('seed'), k1, k2, k3, salt) % 1000000)::DOUBLE + 0.5) / 1000000.0;

-- standard normal (Box–Muller), for lognormal sizes and durations
CREATE MACRO rnd_normal(k, salt) AS
  sqrt(-2 * ln(rnd(k, salt || ':radius'))) * cos(2 * pi() * rnd(k, salt || ':angle'));
CREATE MACRO rnd2_normal(k1, k2, salt) AS
  sqrt(-2 * ln(rnd2(k1, k2, salt || ':radius'))) * cos(2 * pi() * rnd2(k1, k2, salt || ':angle'));
CREATE MACRO rnd3_normal(k1, k2, k3, salt) AS
  sqrt(-2 * ln(rnd3(k1, k2, k3, salt || ':radius'))) * cos(2 * pi() * rnd3(k1, k2, k3, salt || ':angle'));

-- a whole number in [lo, hi], from a uniform u
CREATE MACRO between_ints(u, lo, hi) AS (lo + floor(u * (hi - lo + 1)))::INTEGER;

-- one element of a list, from a uniform u
CREATE MACRO pick(items, u) AS items[1 + floor(u * len(items))::INTEGER];
