import { CopyButton } from "./copy-button";

/** A shell command to paste into a terminal, with a copy button. */
export function CommandBlock({ label, command, ...rest }: { label: string; command: string; "data-testid"?: string }) {
  return (
    <div className="space-y-1.5" {...rest}>
      <p className="text-sm text-slate-700">{label}</p>
      <div className="flex items-stretch gap-2">
        <pre className="min-w-0 flex-1 rounded-md bg-slate-900 px-3 py-2 text-[0.85rem] leading-6 whitespace-pre-wrap text-slate-100 [overflow-wrap:anywhere]">
          <code data-testid="command-text">{command}</code>
        </pre>
        <CopyButton text={command} data-testid="copy-command" />
      </div>
    </div>
  );
}
