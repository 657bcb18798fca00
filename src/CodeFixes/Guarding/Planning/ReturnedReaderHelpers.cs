using System.Threading.Tasks;

namespace StaleConn.CodeFixes.Guarding.Planning;

/// <summary>
/// A helper whose returned reader now takes the connection over is fixed with its callers (each given a <c>using</c>
/// where it closes the reader itself). A referencing project's callers are planned with the referencing projects folded
/// into the helper's (<see cref="ReferencingProjects"/>), so a helper such a project names sends the plan there, as a
/// member another project uses does; a library no other project calls it from is fixed like an application.
/// </summary>
internal static class ReturnedReaderHelpers
{
    /// <summary>Whether a project that references the planned one names a helper the plans hand the connection to the reader in.</summary>
    public static async Task<bool> ReadInAnotherProjectAsync(PlanContext context)
    {
        foreach (var helper in context.ReturnedReaderHelpers)
        {
            if (await CrossProjectUses.ExistAsync(context.Project, helper, context.CancellationToken).ConfigureAwait(false))
            {
                return true;
            }
        }

        return false;
    }
}
