import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { DocumentGrid } from "@/components/document-grid";
import { UploadDropzone } from "@/components/upload-dropzone";
import { useUploadsContext } from "@/components/uploads-provider";
import { fakeApi, WithApp } from "@/test/fakes";

function Page() {
  const uploads = useUploadsContext();
  return (
    <>
      <UploadDropzone onFiles={uploads.addFiles} />
      <DocumentGrid
        documents={[]}
        uploads={uploads.items}
        isLoading={false}
        onDismissUpload={uploads.dismiss}
        total={0}
        hasMore={false}
        isLoadingMore={false}
        onLoadMore={() => {}}
      />
    </>
  );
}

function renderPage() {
  const api = fakeApi();
  render(
    <WithApp api={api}>
      <Page />
    </WithApp>,
  );
  return api;
}

describe("UploadDropzone", () => {
  it("has a real multi-file input and shows the empty state before anything is uploaded", () => {
    renderPage();
    const input = screen.getByLabelText("Choose files to upload");
    expect(input).toHaveAttribute("type", "file");
    expect(input).toHaveAttribute("multiple");
    expect(screen.getByRole("heading", { name: "No documents yet" })).toBeInTheDocument();
  });

  it("renders the limits the API serves", async () => {
    renderPage();
    expect(await screen.findByTestId("upload-limits")).toHaveTextContent(
      "PDF or PNG · up to 50 MB each · 997 of 1000 uploads left this month",
    );
    expect(screen.getByLabelText("Choose files to upload")).toHaveAttribute("accept", "application/pdf,.pdf,image/png,.png");
  });

  it("refuses unsupported and oversized files before sending, with a message beside each", async () => {
    const api = renderPage();
    await screen.findByTestId("upload-limits");
    const notes = new File(["hello"], "notes.docx", {
      type: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    });
    const huge = new File(["x"], "huge.pdf", { type: "application/pdf" });
    Object.defineProperty(huge, "size", { value: 60 * 1024 * 1024 });
    await userEvent.upload(screen.getByLabelText("Choose files to upload"), [notes, huge], { applyAccept: false });

    const docxCard = screen.getByRole("article", { name: "notes.docx" });
    expect(within(docxCard).getByRole("alert")).toHaveTextContent("not a supported file type. Use PDF or PNG.");
    const hugeCard = screen.getByRole("article", { name: "huge.pdf" });
    expect(within(hugeCard).getByRole("alert")).toHaveTextContent("the limit is 50 MB");
    expect(api.uploadFile).not.toHaveBeenCalled();

    await userEvent.click(within(docxCard).getByRole("button", { name: "Dismiss" }));
    expect(screen.queryByRole("article", { name: "notes.docx" })).not.toBeInTheDocument();
  });

  it("asks before the page unloads while bytes are in flight, and not after", async () => {
    let finish!: () => void;
    const api = fakeApi({
      uploadFile: (file, progress) =>
        new Promise((resolve) => {
          progress.onProgress(0.4);
          finish = () => resolve({ document_id: "d1", filename: file.name, status: "uploading" });
        }),
    });
    render(
      <WithApp api={api}>
        <Page />
      </WithApp>,
    );
    await userEvent.upload(screen.getByLabelText("Choose files to upload"), new File(["%PDF"], "a.pdf", { type: "application/pdf" }));
    expect(await screen.findByText("Uploading 40 %")).toBeInTheDocument();
    const leaving = new Event("beforeunload", { cancelable: true });
    window.dispatchEvent(leaving);
    expect(leaving.defaultPrevented).toBe(true);

    finish();
    await screen.findByText("Queued");
    const later = new Event("beforeunload", { cancelable: true });
    window.dispatchEvent(later);
    expect(later.defaultPrevented).toBe(false);
  });
});
