import { DynamicModule, Module } from "@nestjs/common";
import { PassportModule } from "@nestjs/passport";
import { ATTIO_OPTIONS, type AttioConnection } from "./attio-options";
import { AttioAuth, AttioAuthProfileOnly, AttioAuthWithRequest } from "./attio.strategies";
import { controllers } from "./auth.controller";

@Module({})
export class AppModule {
  static register(attio: AttioConnection): DynamicModule {
    return {
      module: AppModule,
      imports: [PassportModule],
      controllers,
      providers: [{ provide: ATTIO_OPTIONS, useValue: attio }, AttioAuth, AttioAuthWithRequest, AttioAuthProfileOnly],
    };
  }
}
