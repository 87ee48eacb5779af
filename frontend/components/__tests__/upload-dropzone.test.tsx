import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { DocumentGrid } from "@/components/document-grid";
import { UploadDropzone } from "@/components/upload-dropzone";
import { useUploads } from "@/hooks/use-uploads";
import { fakeApi } from "@/test/fakes";

function UploadHarness() {
  const uploads = useUploads(fakeApi());
  return (
    <>
      <UploadDropzone onFiles={uploads.addFiles} />
      <DocumentGrid documents={[]} uploads={uploads.items} isLoading={false} onDismissUpload={uploads.dismiss} />
    </>
  );
}

describe("UploadDropzone", () => {
  it("has a real multi-file input and shows the empty state before anything is uploaded", () => {
    render(<UploadHarness />);
    const input = screen.getByLabelText("Choose files to upload");
    expect(input).toHaveAttribute("type", "file");
    expect(input).toHaveAttribute("multiple");
    expect(screen.getByRole("heading", { name: "No documents yet" })).toBeInTheDocument();
  });

  it("refuses unsupported and oversized files before sending, with a message beside each", async () => {
    render(<UploadHarness />);
    const notes = new File(["hello"], "notes.docx", {
      type: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    });
    const huge = new File(["x"], "huge.pdf", { type: "application/pdf" });
    Object.defineProperty(huge, "size", { value: 60 * 1024 * 1024 });
    await userEvent.upload(screen.getByLabelText("Choose files to upload"), [notes, huge], { applyAccept: false });

    const docxCard = screen.getByRole("article", { name: "notes.docx" });
    expect(within(docxCard).getByRole("alert")).toHaveTextContent("not a supported file type");
    const hugeCard = screen.getByRole("article", { name: "huge.pdf" });
    expect(within(hugeCard).getByRole("alert")).toHaveTextContent("the limit is 50 MB");

    await userEvent.click(within(docxCard).getByRole("button", { name: "Dismiss" }));
    expect(screen.queryByRole("article", { name: "notes.docx" })).not.toBeInTheDocument();
  });
});
