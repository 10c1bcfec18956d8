import { Controller, Get, Req, UseGuards } from "@nestjs/common";
import { AuthGuard } from "@nestjs/passport";
import type { Request } from "express";
import { AttioAuthGuard } from "./attio.guard";

/** Each strategy's login and callback routes; the guard does the OAuth work. */
@Controller("auth")
export class AuthController {
  @Get("attio")
  @UseGuards(AttioAuthGuard)
  login(): void {}

  @Get("attio/callback")
  @UseGuards(AttioAuthGuard)
  callback(@Req() req: Request) {
    return { user: req.user };
  }

  @Get("attio-with-request")
  @UseGuards(AuthGuard("attio-with-request"))
  loginWithRequest(): void {}

  @Get("attio-with-request/callback")
  @UseGuards(AuthGuard("attio-with-request"))
  callbackWithRequest(@Req() req: Request) {
    return { user: req.user };
  }

  @Get("attio-profile-only")
  @UseGuards(AuthGuard("attio-profile-only"))
  loginProfileOnly(): void {}

  @Get("attio-profile-only/callback")
  @UseGuards(AuthGuard("attio-profile-only"))
  callbackProfileOnly(@Req() req: Request) {
    return { user: req.user };
  }
}
