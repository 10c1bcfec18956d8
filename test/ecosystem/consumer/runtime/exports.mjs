// Loads the package both ways from an ES module and prints what each gives.
import * as esm from "passport-attio";
import * as testing from "passport-attio/testing";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const cjs = require("passport-attio");
const cjsTesting = require("passport-attio/testing");
const strategy = new esm.AttioStrategy({ clientID: "id", clientSecret: "secret", callbackURL: "/cb" }, async () => false);
console.log(
  JSON.stringify({
    esm: Object.keys(esm).sort(),
    cjs: Object.keys(cjs).sort(),
    sameClass: esm.AttioStrategy === cjs.AttioStrategy && esm.AttioError === cjs.AttioError,
    strategyName: strategy.name,
    instanceOfCjsClass: strategy instanceof cjs.AttioStrategy,
    testing: Object.keys(testing).sort(),
    cjsTesting: Object.keys(cjsTesting).sort(),
    sameSandbox: testing.startAttioSandbox === cjsTesting.startAttioSandbox,
  }),
);
