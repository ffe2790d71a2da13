using Microsoft.OData.Edm;
using Microsoft.OData.ModelBuilder;

namespace ClinicMap.Api.OData;

/// <summary>
/// The EDM model of the OData service, built by convention from <see cref="ODataClinic"/>: one entity type
/// <c>ClinicMap.Clinic</c> keyed by <c>Id</c> and its entity set <c>Clinics</c>.
/// </summary>
public static class ClinicEdmModel
{
    public const string Namespace = "ClinicMap";
    public const string EntitySetName = "Clinics";

    public static IEdmModel Model { get; }

    public static IEdmEntityType ClinicType { get; }

    public static IEdmEntitySet Clinics { get; }

    static ClinicEdmModel()
    {
        var builder = new ODataConventionModelBuilder { Namespace = Namespace, ContainerName = "Container" };
        var clinic = builder.EntitySet<ODataClinic>(EntitySetName).EntityType;
        clinic.Name = "Clinic";
        clinic.Namespace = Namespace;
        clinic.HasKey(c => c.Id);
        clinic.Property(c => c.Name).IsRequired();
        clinic.Property(c => c.AdminCode).IsRequired();
        clinic.Property(c => c.Province).IsRequired();
        clinic.Property(c => c.LocationPrecision).IsRequired();
        Model = builder.GetEdmModel();
        Clinics = Model.EntityContainer.FindEntitySet(EntitySetName);
        ClinicType = Clinics.EntityType;
    }
}
