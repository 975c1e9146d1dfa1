-- The withholding grounds now come from one table shared with applications
-- (core/withholding.h), which names two of them differently: rewrite the
-- codes publishing stored before, on records and in pending changes (the
-- JSON written by nlohmann, no spaces). The old codes still parse as aliases.
UPDATE pub_records SET withheld_ground = 'security_stability'
  WHERE withheld_ground = 'three_security';
UPDATE pub_records SET withheld_ground = 'administrative_query'
  WHERE withheld_ground = 'query_matter';
UPDATE pub_records
  SET pending_json = REPLACE(pending_json,
                             '"withheld_ground":"three_security"',
                             '"withheld_ground":"security_stability"')
  WHERE pending_json LIKE '%"withheld_ground":"three_security"%';
UPDATE pub_records
  SET pending_json = REPLACE(pending_json,
                             '"withheld_ground":"query_matter"',
                             '"withheld_ground":"administrative_query"')
  WHERE pending_json LIKE '%"withheld_ground":"query_matter"%';
