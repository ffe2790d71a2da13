using System.Diagnostics;
using Microsoft.OData.UriParser;

namespace ClinicMap.Api.OData;

/// <summary>
/// What one anonymous OData request may cost. Before evaluation: the expression's size (<see cref="MaxNodes"/>) and
/// its lambda nesting (<see cref="MaxLambdaDepth"/>: each <c>any</c>/<c>all</c> multiplies the work by a collection's
/// length, so nesting grows it exponentially). During evaluation: the request's cancellation (a client that left
/// stops the work) and a time budget, checked every <see cref="CheckEvery"/> steps. Past any of them the query is
/// refused with <see cref="ODataUnsupportedException"/>, which answers 400.
/// </summary>
public sealed class QueryBudget(TimeSpan time, CancellationToken cancellationToken)
{
    /// <summary>The most nodes one $filter or $orderby may have: far above a real query (a filter on a dozen fields has ~40).</summary>
    public const int MaxNodes = 200;

    /// <summary>The deepest nesting of any/all: one level answers every real question about the clinics' collections.</summary>
    public const int MaxLambdaDepth = 2;

    /// <summary>Steps between looks at the clock and the token: a step is one node evaluated for one clinic.</summary>
    public const int CheckEvery = 4096;

    private readonly long _started = Stopwatch.GetTimestamp();
    private int _steps;

    /// <summary>A budget that never runs out, for trusted callers (tests, tools).</summary>
    public static QueryBudget Unlimited { get; } = new(Timeout.InfiniteTimeSpan, CancellationToken.None);

    /// <summary>Counts one evaluation step; throws once the client has gone or the time is spent.</summary>
    public void Step(string target)
    {
        if (++_steps % CheckEvery != 0)
            return;
        cancellationToken.ThrowIfCancellationRequested();
        if (time != Timeout.InfiniteTimeSpan && Stopwatch.GetElapsedTime(_started) > time)
            throw new ODataUnsupportedException(target, $"{target} takes more than the {time.TotalSeconds:0.#} s this service gives one query; narrow it");
    }

    /// <summary>Refuses an expression larger than <see cref="MaxNodes"/> or nesting lambdas deeper than <see cref="MaxLambdaDepth"/>.</summary>
    public static void CheckShape(string target, QueryNode node)
    {
        var nodes = 0;
        Walk(node, 0);

        void Walk(QueryNode current, int lambdas)
        {
            if (++nodes > MaxNodes)
                throw new ODataUnsupportedException(target, $"{target} has more than {MaxNodes} terms; this service evaluates at most {MaxNodes}");
            if (current is LambdaNode lambda)
            {
                if (++lambdas > MaxLambdaDepth)
                    throw new ODataUnsupportedException(target, $"{target} nests any/all {lambdas} deep; this service evaluates at most {MaxLambdaDepth}");
                Walk(lambda.Source, lambdas - 1);
                Walk(lambda.Body, lambdas);
                return;
            }
            foreach (var child in Children(current))
                Walk(child, lambdas);
        }
    }

    private static IEnumerable<QueryNode> Children(QueryNode node) => node switch
    {
        BinaryOperatorNode b => [b.Left, b.Right],
        UnaryOperatorNode u => [u.Operand],
        ConvertNode c => [c.Source],
        InNode i => [i.Left, i.Right],
        SingleValueFunctionCallNode f => f.Parameters,
        SingleValuePropertyAccessNode p => [p.Source],
        CollectionPropertyAccessNode p => [p.Source],
        _ => [],
    };
}
