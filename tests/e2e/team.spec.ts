import { createClient, createLink, expect, signUp, test, uniqueId } from "./fixtures";

// An Owner invites a Member through the local mailbox; the Member accepts with a new account,
// creates a link, and cannot open team management.
test("an Owner invites a Member who accepts, creates a link, and cannot manage the team", async ({ page, browser }) => {
  const owner = await signUp(page);
  const memberEmail = `member-${uniqueId()}@agency.example`;
  await page.goto(`${owner.dashboardPath}/team`);
  await page.getByLabel("Email").fill(memberEmail);
  await page.getByLabel("Role").selectOption("MEMBER");
  await page.getByRole("button", { name: "Send invitation" }).click();
  await expect(page.getByText(`Invitation sent to ${memberEmail}.`, { exact: true })).toBeVisible();
  await expect(page.getByTestId("invitations")).toContainText(memberEmail);

  // The invitation email arrives in the in-app mailbox.
  let inviteUrl = "";
  await expect(async () => {
    await page.goto(`${owner.dashboardPath}/mailbox`);
    await page.getByTestId("mailbox").getByRole("row").filter({ hasText: memberEmail }).getByRole("link").click({ timeout: 2_000 });
    await page.getByRole("link", { name: "Plain text" }).click();
    inviteUrl = (await page.getByTestId("mail-body").getByRole("link").first().getAttribute("href")) ?? "";
    expect(inviteUrl).toMatch(/\/invite\//);
  }).toPass({ timeout: 15_000 });

  // The Member, in a browser of their own, creates an account from the invitation.
  const memberContext = await browser.newContext();
  try {
    const member = await memberContext.newPage();
    await member.goto(inviteUrl);
    await expect(member.getByRole("heading", { level: 1 })).toHaveText(`Join ${owner.agencyName}`);
    await member.getByLabel("Your name").fill("Mel Member");
    await member.getByLabel("Password").fill("member-password-123");
    await member.getByRole("button", { name: "Create account and join" }).click();
    await expect(member.getByRole("heading", { level: 1, name: "Dashboard" })).toBeVisible();

    // A Member creates clients and links...
    await createClient(member, owner, {
      name: "Member Made Ltd",
      contactName: "Max",
      contactEmail: "max@member-made.example",
      sites: [{ id: "6161616", name: "member-made.example" }],
    });
    const url = await createLink(member, ["6161616"]);
    expect(url).toMatch(/\/l\//);

    // ...but has no team management: no menu entry, and the page itself refuses.
    await expect(member.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Team" })).toHaveCount(0);
    const refused = await member.goto(`${owner.dashboardPath}/team`);
    expect(refused?.status()).toBe(403);
    const reused = await member.goto(inviteUrl);
    expect(reused?.status()).toBe(410);
  } finally {
    await memberContext.close();
  }

  // The Owner sees the new member and the audit trail of it.
  await page.goto(`${owner.dashboardPath}/team`);
  await expect(page.getByTestId("members")).toContainText(memberEmail);
  await page.goto(`${owner.dashboardPath}/audit`);
  await expect(page.getByTestId("audit").locator('tr[data-event-type="team.joined"]').first()).toContainText("joined the team");
});
