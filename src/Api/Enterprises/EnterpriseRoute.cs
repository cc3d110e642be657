using CellValley.Api.Errors;
using CellValley.Api.Resources;
using CellValley.Grains.Common;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CellValley.Api.Enterprises;

/// <summary>The {code} route value of enterprise routes: validated and normalised once.</summary>
public static class EnterpriseRoute
{
    /// <summary>Normalises the code, or gives the 400 that names the rule it broke.</summary>
    public static bool TryParse(string code, out string normalized, out ValidationProblem? problem)
    {
        if (CreditCode.Validate(code) is { } rule)
        {
            normalized = "";
            problem = Problems.Invalid("code", rule);
            return false;
        }

        normalized = CreditCode.Normalize(code);
        problem = null;
        return true;
    }

    public static ProblemHttpResult NotRegistered(string code) =>
        Problems.NotFound(Messages.NotFoundEnterprise, code);
}
