<?php
/**
 * The last list of carts fetched from the store, per connection (store URL + key pairs: Settings' fingerprint),
 * in a transient (the object cache where there is a persistent one). It is fresh for a short while
 * (cart_sessions_list_ttl, default 120 s) so paging, sorting and searching cost no upstream request; after that
 * the next view fetches again. It is kept for a day so that, when the store fails, the last good list can be
 * served as stale. Our own deletes take the deleted rows out and mark it due for a fetch.
 *
 * Rows are stored compactly (key, name, email, created, expires, source, and — where the store's list carries
 * them, the "documented" shape — item_count and total), JSON, gzip-compressed when zlib is there: ~317 bytes a
 * cart on the wire become ~40 in the cache, so 50,000 carts stay a couple of MB.
 *
 * @package CartSessions
 */

declare(strict_types=1);

namespace CartSessions\Sessions;

final class ListCache {

	public const PREFIX  = 'cart_sessions_list_';
	public const DEFAULT_TTL = 120;
	public const KEEP    = DAY_IN_SECONDS;

	/** @var string */
	private $connection;

	public function __construct( string $connection ) {
		$this->connection = $connection;
	}

	public static function ttl(): int {
		/**
		 * Filters how long (seconds) a fetched list of carts is used before the store is asked again.
		 *
		 * @param int $ttl Default 120.
		 */
		return max( 0, (int) apply_filters( 'cart_sessions_list_ttl', self::DEFAULT_TTL ) );
	}

	/**
	 * The cached list, or null.
	 *
	 * @return array{fetched_at:int,shape:string,rows:array<int,array<string,mixed>>,fresh:bool}|null
	 */
	public function get(): ?array {
		$stored = get_transient( $this->name() );
		if ( ! is_array( $stored ) || ! isset( $stored['rows'], $stored['fetched_at'] ) ) {
			return null;
		}
		$rows = self::unpack( (string) $stored['rows'] );
		if ( null === $rows ) {
			return null;
		}
		$fetched = (int) $stored['fetched_at'];
		return array(
			'fetched_at' => $fetched,
			'shape'      => (string) ( $stored['shape'] ?? 'released' ),
			'rows'       => $rows,
			'fresh'      => empty( $stored['due'] ) && time() - $fetched < self::ttl(),
		);
	}

	/**
	 * @param array<int,array<string,mixed>> $rows Normalised rows (Normaliser::row()).
	 */
	public function put( array $rows, string $shape, ?int $fetched_at = null ): void {
		set_transient(
			$this->name(),
			array(
				'fetched_at' => $fetched_at ?? time(),
				'shape'      => $shape,
				'rows'       => self::pack( $rows ),
				'due'        => false,
			),
			self::KEEP
		);
	}

	/**
	 * After our own deletes: the deleted keys leave the cached list, and the next view fetches it again.
	 *
	 * @param string[] $keys
	 */
	public function forget( array $keys ): void {
		$stored = get_transient( $this->name() );
		if ( ! is_array( $stored ) || ! isset( $stored['rows'] ) ) {
			return;
		}
		$rows = self::unpack( (string) $stored['rows'] ) ?? array();
		$gone = array_flip( array_map( 'strtolower', $keys ) );
		$rows = array_values(
			array_filter(
				$rows,
				static function ( array $row ) use ( $gone ): bool {
					return ! isset( $gone[ strtolower( (string) $row['key'] ) ] );
				}
			)
		);
		$stored['rows'] = self::pack( $rows );
		$stored['due']  = true;
		set_transient( $this->name(), $stored, self::KEEP );
	}

	public function clear(): void {
		delete_transient( $this->name() );
	}

	private function name(): string {
		return self::PREFIX . $this->connection;
	}

	/**
	 * @param array<int,array<string,mixed>> $rows
	 */
	private static function pack( array $rows ): string {
		$compact = array();
		foreach ( $rows as $row ) {
			$compact[] = array(
				(string) $row['key'],
				$row['customer']['name'] ?? null,
				$row['customer']['email'] ?? null,
				$row['created'] ?? null,
				$row['expires'] ?? null,
				(string) ( $row['source'] ?? '' ),
				$row['item_count'] ?? null,
				$row['total'] ?? null,
			);
		}
		$json = (string) wp_json_encode( $compact, JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES | JSON_INVALID_UTF8_SUBSTITUTE );
		if ( function_exists( 'gzcompress' ) ) {
			$packed = gzcompress( $json, 6 );
			if ( false !== $packed ) {
				return 'z:' . base64_encode( $packed ); // phpcs:ignore WordPress.PHP.DiscouragedPHPFunctions.obfuscation_base64_encode -- binary-safe storage, not obfuscation.
			}
		}
		return 'j:' . $json;
	}

	/**
	 * @return array<int,array<string,mixed>>|null
	 */
	private static function unpack( string $packed ): ?array {
		$json = null;
		if ( 0 === strpos( $packed, 'z:' ) && function_exists( 'gzuncompress' ) ) {
			$raw  = base64_decode( substr( $packed, 2 ), true ); // phpcs:ignore WordPress.PHP.DiscouragedPHPFunctions.obfuscation_base64_decode
			$json = false === $raw ? null : gzuncompress( $raw );
		} elseif ( 0 === strpos( $packed, 'j:' ) ) {
			$json = substr( $packed, 2 );
		}
		$compact = is_string( $json ) ? json_decode( $json, true ) : null;
		if ( ! is_array( $compact ) ) {
			return null;
		}
		$rows = array();
		foreach ( $compact as $c ) {
			if ( ! is_array( $c ) || count( $c ) < 8 ) {
				continue;
			}
			$rows[] = array(
				'key'        => (string) $c[0],
				'customer'   => array(
					'name'  => null === $c[1] ? null : (string) $c[1],
					'email' => null === $c[2] ? null : (string) $c[2],
				),
				'created'    => null === $c[3] ? null : (string) $c[3],
				'expires'    => null === $c[4] ? null : (string) $c[4],
				'source'     => (string) $c[5],
				'item_count' => $c[6],
				'total'      => null === $c[7] ? null : (string) $c[7],
			);
		}
		return $rows;
	}
}
