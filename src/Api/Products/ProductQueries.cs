using CellValley.Api.Common;
using CellValley.Api.Enterprises;
using Dapper;
using Npgsql;

namespace CellValley.Api.Products;

public sealed record ProductFilter(string? Kind, string? Stage, bool? ClassOne, bool? InnovativeDevice, string? RegistrationClass, string? CreditCode, int Page, int PageSize);

/// <summary>The cluster-wide product list, from cv_products.</summary>
public sealed class ProductQueries(NpgsqlDataSource dataSource)
{
    public async Task<PagedList<ProductListItem>> ListAsync(ProductFilter filter)
    {
        var where = new List<string>();
        var args = new DynamicParameters();
        void Add(string clause, string name, object? value)
        {
            if (value is not null)
            {
                where.Add(clause);
                args.Add(name, value);
            }
        }

        Add("p.kind = @kind", "kind", filter.Kind);
        Add("p.stage = @stage", "stage", filter.Stage);
        Add("p.class_one = @classOne", "classOne", filter.ClassOne);
        Add("p.innovative_device = @innovativeDevice", "innovativeDevice", filter.InnovativeDevice);
        Add("p.registration_class = @registrationClass", "registrationClass", filter.RegistrationClass);
        Add("p.credit_code = @creditCode", "creditCode", filter.CreditCode);
        var whereSql = where.Count == 0 ? "" : "WHERE " + string.Join(" AND ", where);
        args.Add("limit", filter.PageSize);
        args.Add("offset", (long)(filter.Page - 1) * filter.PageSize);

        await using var connection = await dataSource.OpenConnectionAsync();
        var total = await connection.ExecuteScalarAsync<long>($"SELECT count(*) FROM cv_products p {whereSql}", args);
        var items = await connection.QueryAsync<ProductListItem>(
            $"""
            SELECT p.product_id AS ProductId, p.credit_code AS CreditCode, e.name AS EnterpriseName, p.name,
                   p.kind, p.registration_class AS RegistrationClass, p.innovative_device AS InnovativeDevice,
                   p.class_one AS ClassOne, p.stage, p.stage_date AS StageDate, p.version
              FROM cv_products p JOIN cv_enterprises e ON e.credit_code = p.credit_code
              {whereSql}
             ORDER BY p.stage_rank DESC, p.stage_date DESC, p.product_id
             LIMIT @limit OFFSET @offset
            """,
            args);
        return new PagedList<ProductListItem>(items.AsList(), total, filter.Page, filter.PageSize);
    }
}
