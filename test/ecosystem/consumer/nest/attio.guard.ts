import { Injectable, UnauthorizedException } from "@nestjs/common";
import { AuthGuard } from "@nestjs/passport";

/** AuthGuard("attio"), but a failed sign-in's 401 carries the strategy's explanation. */
@Injectable()
export class AttioAuthGuard extends AuthGuard("attio") {
  override handleRequest<TUser>(err: unknown, user: TUser | false, info: { message?: string } | undefined): TUser {
    if (err) throw err;
    if (!user) throw new UnauthorizedException(info?.message ?? "Signing in with Attio failed.");
    return user;
  }
}
