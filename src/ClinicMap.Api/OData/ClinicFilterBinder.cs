using System.Linq.Expressions;
using Microsoft.AspNetCore.OData.Query.Expressions;
using Microsoft.OData.UriParser;

namespace ClinicMap.Api.OData;

/// <summary>ASP.NET Core OData's filter binder with <see cref="ClinicFunctions"/>: geo.distance and ordinal strings.</summary>
public sealed class ClinicFilterBinder : FilterBinder
{
    public override Expression BindSingleValueFunctionCallNode(SingleValueFunctionCallNode node, QueryBinderContext context) =>
        ClinicFunctions.TryBind(this, node, context, "$filter", out var bound) ? bound : base.BindSingleValueFunctionCallNode(node, context);

    public override Expression BindBinaryOperatorNode(BinaryOperatorNode binaryOperatorNode, QueryBinderContext context) =>
        ClinicFunctions.TryBindComparison(this, binaryOperatorNode, context, out var bound) ? bound : base.BindBinaryOperatorNode(binaryOperatorNode, context);
}
