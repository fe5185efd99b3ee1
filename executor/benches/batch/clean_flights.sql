-- clean_flights.wrangle written by hand. The CSV is read as DataFusion reads it; cells
-- `NA` mean null, so those columns are text and converted here.
WITH cleaned AS (
    SELECT
        year, month, day,
        TRY_CAST(NULLIF(dep_time, 'NA') AS BIGINT) AS dep_time,
        sched_dep_time,
        TRY_CAST(NULLIF(dep_delay, 'NA') AS BIGINT) AS dep_delay,
        TRY_CAST(NULLIF(arr_time, 'NA') AS BIGINT) AS arr_time,
        sched_arr_time,
        TRY_CAST(NULLIF(arr_delay, 'NA') AS BIGINT) AS arr_delay,
        upper(trim(carrier)) AS carrier,
        flight,
        upper(trim(NULLIF(tailnum, 'NA'))) AS tailnum,
        upper(trim(origin)) AS origin,
        upper(trim(dest)) AS dest,
        TRY_CAST(NULLIF(air_time, 'NA') AS BIGINT) AS air_time,
        CAST(distance AS DOUBLE) AS distance,
        hour, minute, time_hour
    FROM flights
),
kept AS (
    SELECT *,
        distance / (CAST(air_time AS DOUBLE) / 60) AS speed,
        origin || '-' || dest AS route
    FROM cleaned
    WHERE dep_time IS NOT NULL AND arr_delay IS NOT NULL AND air_time IS NOT NULL
      AND distance > 100 AND air_time > 0
),
deduped AS (
    SELECT DISTINCT * FROM kept
)
SELECT
    carrier, route,
    count(*) AS flights,
    round(avg(arr_delay), 2) AS mean_delay,
    round(max(speed), 1) AS max_speed
FROM deduped
GROUP BY carrier, route
ORDER BY flights DESC, carrier, route;
