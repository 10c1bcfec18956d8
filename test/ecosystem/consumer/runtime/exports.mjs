// Loads the package both ways from an ES module and prints what each gives.
import * as esm from "passport-attio";
import { createRequire } from "node:module";

const cjs = createRequire(import.meta.url)("passport-attio");
const strategy = new esm.AttioStrategy({ clientID: "id", clientSecret: "secret", callbackURL: "/cb" }, async () => false);
console.log(
  JSON.stringify({
    esm: Object.keys(esm).sort(),
    cjs: Object.keys(cjs).sort(),
    sameClass: esm.AttioStrategy === cjs.AttioStrategy && esm.AttioError === cjs.AttioError,
    strategyName: strategy.name,
    instanceOfCjsClass: strategy instanceof cjs.AttioStrategy,
  }),
);
