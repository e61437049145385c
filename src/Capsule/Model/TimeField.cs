namespace Capsule;

/// <summary>Which of a frame's times a time query looks at.</summary>
public enum TimeField
{
    /// <summary>When the frame was put (the writer's clock); every frame has one.</summary>
    Ingested,

    /// <summary>When the event the frame describes happened; only frames that carry one.</summary>
    Event,
}
