// Loads the package with require() and prints what it gives.
const { AttioStrategy, Strategy, ATTIO_SCOPES } = require("passport-attio");

const strategy = new AttioStrategy({ clientID: "id", clientSecret: "secret", callbackURL: "/cb" }, async () => false);
console.log(
  JSON.stringify({
    exports: Object.keys(require("passport-attio")).sort(),
    aliased: Strategy === AttioStrategy,
    strategyName: strategy.name,
    scopes: Object.keys(ATTIO_SCOPES).length,
  }),
);
