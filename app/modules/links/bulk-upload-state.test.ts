import { describe, expect, it } from "vitest";

import { BULK_TRANSACTION_TIMEOUT_MS, bulkUploadState } from "./bulk-upload-state";

describe("bulkUploadState", () => {
  const now = new Date("2026-12-05T10:00:00Z");
  const ago = (ms: number) => new Date(now.getTime() - ms);

  it("keeps a stored end as it is, however old", () => {
    expect(bulkUploadState({ status: "CREATED", createdAt: ago(86_400_000) }, now)).toBe("CREATED");
    expect(bulkUploadState({ status: "FAILED", createdAt: ago(1_000) }, now)).toBe("FAILED");
  });

  it("reads a create as running until well past its transaction's timeout, then as interrupted", () => {
    expect(bulkUploadState({ status: "CREATING", createdAt: ago(5_000) }, now)).toBe("CREATING");
    expect(bulkUploadState({ status: "CREATING", createdAt: ago(BULK_TRANSACTION_TIMEOUT_MS) }, now)).toBe("CREATING");
    expect(bulkUploadState({ status: "CREATING", createdAt: ago(BULK_TRANSACTION_TIMEOUT_MS + 61_000) }, now)).toBe("INTERRUPTED");
  });
});
