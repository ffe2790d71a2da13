using Microsoft.OData.Edm;

namespace ClinicMap.Api.OData;

/// <summary>
/// The EDM model of the OData service: one entity type <c>ClinicMap.Clinic</c> and its entity set <c>Clinics</c>.
/// Flat on purpose (source fields are properties of their own, latitude and longitude are doubles beside the
/// geography), so that spreadsheet clients such as Excel's Power Query show every field as a column.
/// </summary>
public static class ClinicEdmModel
{
    public const string Namespace = "ClinicMap";
    public const string EntitySetName = "Clinics";

    /// <summary>The properties of a Clinic, in the order $metadata lists them and a row without $select carries them.</summary>
    public static IReadOnlyList<string> PropertyNames { get; }

    public static IEdmModel Model { get; }

    public static IEdmEntityType ClinicType { get; }

    public static IEdmEntitySet Clinics { get; }

    static ClinicEdmModel()
    {
        var model = new EdmModel();
        var clinic = new EdmEntityType(Namespace, "Clinic");
        clinic.AddKeys(clinic.AddStructuralProperty("Id", EdmPrimitiveTypeKind.Guid, isNullable: false));
        clinic.AddStructuralProperty("Name", EdmPrimitiveTypeKind.String, isNullable: false);
        clinic.AddStructuralProperty("Kinds", new EdmCollectionTypeReference(new EdmCollectionType(EdmCoreModel.Instance.GetString(isNullable: false))));
        clinic.AddStructuralProperty("Address", EdmPrimitiveTypeKind.String, isNullable: true);
        clinic.AddStructuralProperty("AdminCode", EdmPrimitiveTypeKind.String, isNullable: false);
        clinic.AddStructuralProperty("Province", EdmPrimitiveTypeKind.String, isNullable: false);
        clinic.AddStructuralProperty("City", EdmPrimitiveTypeKind.String, isNullable: true);
        clinic.AddStructuralProperty("District", EdmPrimitiveTypeKind.String, isNullable: true);
        clinic.AddStructuralProperty("Phones", new EdmCollectionTypeReference(new EdmCollectionType(EdmCoreModel.Instance.GetString(isNullable: false))));
        clinic.AddStructuralProperty("Hours", EdmPrimitiveTypeKind.String, isNullable: true);
        clinic.AddStructuralProperty("Open24h", EdmPrimitiveTypeKind.Boolean, isNullable: false);
        clinic.AddStructuralProperty("Level", EdmPrimitiveTypeKind.String, isNullable: true);
        // SRID 4326: the location is WGS-84, as every coordinate ClinicMap stores.
        clinic.AddStructuralProperty("Location", EdmCoreModel.Instance.GetSpatial(EdmPrimitiveTypeKind.GeographyPoint, 4326, isNullable: false));
        clinic.AddStructuralProperty("Latitude", EdmPrimitiveTypeKind.Double, isNullable: false);
        clinic.AddStructuralProperty("Longitude", EdmPrimitiveTypeKind.Double, isNullable: false);
        clinic.AddStructuralProperty("LocationPrecision", EdmPrimitiveTypeKind.String, isNullable: false);
        clinic.AddStructuralProperty("SourcePublisher", EdmPrimitiveTypeKind.String, isNullable: true);
        clinic.AddStructuralProperty("SourceTitle", EdmPrimitiveTypeKind.String, isNullable: true);
        clinic.AddStructuralProperty("SourcePublishedOn", EdmPrimitiveTypeKind.Date, isNullable: true);
        clinic.AddStructuralProperty("SourceDocumentSha256", EdmPrimitiveTypeKind.String, isNullable: true);
        model.AddElement(clinic);
        var container = new EdmEntityContainer(Namespace, "Container");
        Clinics = container.AddEntitySet(EntitySetName, clinic);
        model.AddElement(container);
        Model = model;
        ClinicType = clinic;
        PropertyNames = clinic.StructuralProperties().Select(p => p.Name).ToList();
    }
}
