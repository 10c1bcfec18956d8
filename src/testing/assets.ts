/**
 * Pictures for the demo data: a member's avatar (initials on a colour) and the
 * workspace logo, as small SVGs, so the profile page shows images with no network.
 */
import type { ServerResponse } from "node:http";
import { escapeHtml } from "./html";
import type { SandboxMember, SandboxWorkspace } from "./demo-data";

const COLOURS = ["#2f6bff", "#d9480f", "#2b8a3e", "#862e9c", "#0b7285"];

export function sendAvatar(res: ServerResponse, member: SandboxMember, index: number): void {
  sendSvg(res, badge(`${member.firstName[0] ?? ""}${member.lastName[0] ?? ""}`, COLOURS[index % COLOURS.length] ?? "#2f6bff", "50%"));
}

export function sendLogo(res: ServerResponse, workspace: SandboxWorkspace): void {
  sendSvg(res, badge(workspace.name[0] ?? "W", "#1c1d1f", "22%"));
}

function badge(text: string, colour: string, radius: string): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="96" height="96" viewBox="0 0 96 96">
<rect width="96" height="96" rx="${radius}" fill="${colour}"/>
<text x="48" y="60" text-anchor="middle" font-family="sans-serif" font-size="38" font-weight="600" fill="#fff">${escapeHtml(text)}</text>
</svg>`;
}

function sendSvg(res: ServerResponse, svg: string): void {
  res.writeHead(200, {
    "content-type": "image/svg+xml",
    "content-length": Buffer.byteLength(svg),
    "cache-control": "public, max-age=3600",
    // The app's pages on another origin show these images.
    "cross-origin-resource-policy": "cross-origin",
    "content-security-policy": "default-src 'none'; style-src 'unsafe-inline'",
  });
  res.end(svg);
}
