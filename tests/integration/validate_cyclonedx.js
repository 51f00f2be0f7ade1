// Validates a CycloneDX JSON document against the official CycloneDX 1.6 JSON schema, offline,
// with the schemas and validator of the npm package @cyclonedx/cyclonedx-library (installed by
// scripts/test into build/npm-tools; found through NODE_PATH). Prints "valid" and exits 0, or
// prints the schema errors and exits 1.
'use strict';
const fs = require('fs');
const CDX = require('@cyclonedx/cyclonedx-library');

const text = fs.readFileSync(process.argv[2], 'utf8');
const validator = new CDX.Validation.JsonStrictValidator(CDX.Spec.Version.v1dot6);
validator.validate(text).then(
  (errors) => {
    if (errors === null) {
      console.log('valid');
      process.exit(0);
    }
    console.log(JSON.stringify(errors, null, 2));
    process.exit(1);
  },
  (failure) => {
    console.error(String(failure));
    process.exit(2);
  });
