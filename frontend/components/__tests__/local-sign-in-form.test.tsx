import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { AuthContext, type AuthContextValue } from "@/components/auth-provider";
import { LocalSignInForm } from "@/components/local-sign-in-form";
import { ApiError } from "@/lib/api/errors";
import { fakeApi } from "@/test/fakes";

function renderForm(signInLocal: AuthContextValue["signInLocal"]) {
  const api = fakeApi();
  const value: AuthContextValue = {
    status: "signed-out",
    user: null,
    mode: "local",
    getToken: api.getToken,
    api,
    supabase: null,
    signInLocal,
    signOut: vi.fn(),
    notice: null,
  };
  render(
    <AuthContext.Provider value={value}>
      <LocalSignInForm />
    </AuthContext.Provider>,
  );
}

describe("LocalSignInForm", () => {
  it("asks only for an email and signs in on Enter", async () => {
    const signInLocal = vi.fn(async () => undefined);
    renderForm(signInLocal);
    const email = screen.getByLabelText("Email");
    expect(email).toHaveAttribute("type", "email");
    expect(email).toHaveFocus();
    await userEvent.type(email, "ada@example.com{Enter}");
    expect(signInLocal).toHaveBeenCalledWith("ada@example.com");
  });

  it("shows the server's reason when sign-in fails", async () => {
    renderForm(vi.fn(async () => Promise.reject(new ApiError(0, "Could not reach the server. Check your connection."))));
    await userEvent.type(screen.getByLabelText("Email"), "ada@example.com{Enter}");
    expect(await screen.findByRole("alert")).toHaveTextContent("Could not reach the server");
    expect(screen.getByRole("button", { name: "Sign in" })).toBeEnabled();
  });
});
