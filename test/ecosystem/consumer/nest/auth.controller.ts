import { CanActivate, Controller, Get, Req, Type, UseGuards } from "@nestjs/common";
import { AuthGuard } from "@nestjs/passport";
import type { Request } from "express";
import { AttioAuthGuard } from "./attio.guard";

/** A login route and a callback route under `auth/{path}`, guarded by `guard`, which does the OAuth work. */
function authController(path: string, guard: Type<CanActivate>): Type<unknown> {
  @Controller(`auth/${path}`)
  class AuthController {
    @Get()
    @UseGuards(guard)
    login(): void {}

    @Get("callback")
    @UseGuards(guard)
    callback(@Req() req: Request) {
      return { user: req.user };
    }
  }
  return AuthController;
}

export const controllers = [
  authController("attio", AttioAuthGuard),
  authController("attio-with-request", AuthGuard("attio-with-request")),
  authController("attio-profile-only", AuthGuard("attio-profile-only")),
];
