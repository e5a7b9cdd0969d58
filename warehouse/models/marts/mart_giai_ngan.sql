-- mart_giai_ngan(den_ngay, xa): the projects of each commune's latest disbursement report on or
-- before den_ngay.
CREATE OR REPLACE MACRO mart_giai_ngan(den_ngay, xa) AS TABLE
SELECT * FROM latest_snapshot('stg_giai_ngan', den_ngay, xa);
