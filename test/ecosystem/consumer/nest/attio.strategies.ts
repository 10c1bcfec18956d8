/**
 * Attio strategies the NestJS way. `PassportStrategy(AttioStrategy, name, true)`
 * tells the mixin to give its verify callback validate()'s length plus one, so
 * AttioStrategy sees the five-parameter form and passes `params`.
 */
import { Inject, Injectable } from "@nestjs/common";
import { PassportStrategy } from "@nestjs/passport";
import type { Request } from "express";
import { AttioStrategy, type AttioProfile, type AttioTokenParams } from "passport-attio";
import { ATTIO_OPTIONS, type AttioConnection } from "./attio-options";

export interface SignedIn {
  readonly id: string;
  readonly workspace: string;
  readonly tokenType?: unknown;
  readonly path?: string;
}

@Injectable()
export class AttioAuth extends PassportStrategy(AttioStrategy, "attio", true) {
  constructor(@Inject(ATTIO_OPTIONS) options: AttioConnection) {
    super(options);
  }

  async validate(
    _accessToken: string,
    _refreshToken: string | undefined,
    params: AttioTokenParams,
    profile: AttioProfile,
  ): Promise<SignedIn> {
    return { id: profile.id, workspace: profile.workspace.id, tokenType: params["token_type"] };
  }
}

@Injectable()
export class AttioAuthWithRequest extends PassportStrategy(AttioStrategy, "attio-with-request", true) {
  constructor(@Inject(ATTIO_OPTIONS) options: AttioConnection) {
    super({ ...options, passReqToCallback: true });
  }

  async validate(
    req: Request,
    _accessToken: string,
    _refreshToken: string | undefined,
    params: AttioTokenParams,
    profile: AttioProfile,
  ): Promise<SignedIn> {
    return { id: profile.id, workspace: profile.workspace.id, tokenType: params["token_type"], path: req.path };
  }
}

/** Without the third argument the mixin's callback has length 0: validate gets (accessToken, refreshToken, profile). */
@Injectable()
export class AttioAuthProfileOnly extends PassportStrategy(AttioStrategy, "attio-profile-only") {
  constructor(@Inject(ATTIO_OPTIONS) options: AttioConnection) {
    super(options);
  }

  async validate(_accessToken: string, _refreshToken: string | undefined, profile: AttioProfile): Promise<SignedIn> {
    return { id: profile.id, workspace: profile.workspace.id };
  }
}
