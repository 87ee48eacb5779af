/** Placeholder cards while the first list loads. */
export function CardSkeletons({ count = 3 }: { count?: number }) {
  return (
    <div className="grid" aria-busy="true" aria-label="Loading documents">
      {Array.from({ length: count }, (_, index) => (
        <div key={index} className="card card--skeleton" aria-hidden="true">
          <div className="card__thumb skeleton" />
          <div className="card__body">
            <div className="skeleton skeleton--line" />
            <div className="skeleton skeleton--line skeleton--short" />
          </div>
        </div>
      ))}
    </div>
  );
}
