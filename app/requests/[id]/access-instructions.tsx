import { clusterAccessCommands } from "@/lib/targets";
import { Alert } from "../../components/alert";
import { CommandBlock } from "../../components/command-block";
import { LocalTime } from "../../components/local-time";

/** Kubernetes tokens outlive the membership by up to this much (entra-graph-api.md §14). */
const TOKEN_TAIL_MS = 90 * 60_000;

/**
 * How to pick up the elevation: a NEW Entra token is needed (the groups in a token never change), so the
 * kubelogin cache must go. And the honest part: tokens cannot be revoked, so access outlives the membership.
 */
export function AccessInstructions({ clusterResourceId, expiresAt }: { clusterResourceId: string; expiresAt: Date | null }) {
  const commands = clusterAccessCommands(clusterResourceId);
  return (
    <div className="space-y-4" data-testid="access-instructions">
      <p className="text-sm text-slate-700">
        Run these in your terminal. Tokens your tools already hold do not know about the new group, so drop them first.
      </p>
      <div className="space-y-4">
        {commands.map((c) => (
          <CommandBlock key={c.command} label={c.label} command={c.command} data-testid="access-command" />
        ))}
      </div>
      <ul className="list-disc space-y-1 pl-5 text-sm text-slate-600">
        <li>
          On older kubelogin versions the cache command is <code>kubelogin remove-tokens</code>.
        </li>
        <li>
          If your kubeconfig uses the Azure CLI sign-in (<code>kubelogin convert-kubeconfig -l azurecli</code>), kubelogin caches nothing:
          run <code>az logout</code> and <code>az login</code> instead, because the Azure CLI keeps its token until it is about to expire.
        </li>
      </ul>
      <Alert tone="warning" title="Tokens outlive the access" data-testid="token-tail-warning">
        Kubernetes tokens cannot be revoked. A token fetched while the access is active keeps working for about 60–90 minutes after the
        access ends
        {expiresAt && (
          <>
            {" "}
            — a token fetched just before <LocalTime value={expiresAt} style="time" /> can work until about{" "}
            <LocalTime value={new Date(expiresAt.getTime() + TOKEN_TAIL_MS)} style="time" />
          </>
        )}
        . Ending the access early, or revoking your sign-in sessions, does not cut such a token.
      </Alert>
    </div>
  );
}
