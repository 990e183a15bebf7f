<?php
/**
 * What each cart's detail said (item count, total), per connection, keyed by cart key and stamped with the
 * cart's expiry as the list showed it. CoCart re-stamps cart_expiry on every write, so (key, expiry) is a version:
 * while it is unchanged the cart is never fetched again; when it changes the entry no longer applies.
 *
 * Failed details are remembered too, for a short while (FAILURE_TTL) and only when the failure is the store's
 * (a PHP fatal on carts with items in CoCart 4.7.0–4.8.0), so a page of such carts does not refetch 20 details on
 * every view; network trouble (timeouts, busy) is not remembered and is retried on the next view.
 *
 * Each entry also keeps the cart's product lines for the Overview's top products (Insights\Stats), so the Overview
 * and the browser share one cache and a cart is fetched once for both. They are kept as one JSON string a cart
 * ([[product id, name, quantity, line total], …]), decoded only when counted: 10,000 carts' lines as PHP arrays
 * would take ~9 MB more of the request's memory.
 *
 * One transient per store (for_store(): its host, port and path, whatever the scheme — a cart's detail is the
 * store's, so switching the store URL between http:// and https:// keeps it), pruned to the carts still listed
 * whenever the list is fetched.
 *
 * @package CartSessions
 */

declare(strict_types=1);

namespace CartSessions\Sessions;

use CartSessions\Storage\OptionCache;

final class DetailCache {

	public const PREFIX      = 'cart_sessions_details_';
	public const KEEP        = WEEK_IN_SECONDS;
	public const FAILURE_TTL = 600;

	/** @var string */
	private $connection;

	/** @var array<string,array{0:string,1:int|float|null,2:string|null,3:string|null,4:int,5?:string}>|null */
	private $entries = null;

	/** @var bool */
	private $dirty = false;

	public function __construct( string $connection ) {
		$this->connection = $connection;
	}

	/**
	 * The cache of a store URL. http://shop.example and https://shop.example are the same store (each scheme's
	 * default port is left out); another port or path is another store.
	 */
	public static function for_store( string $store_url ): self {
		$parts  = (array) wp_parse_url( $store_url );
		$scheme = strtolower( (string) ( $parts['scheme'] ?? '' ) );
		$port   = (int) ( $parts['port'] ?? 0 );
		$port   = ( 'http' === $scheme && 80 === $port ) || ( 'https' === $scheme && 443 === $port ) ? 0 : $port;
		$store  = strtolower( (string) ( $parts['host'] ?? '' ) ) . ( $port > 0
			? ':' . $port
			: '' ) . untrailingslashit( (string) ( $parts['path'] ?? '' ) );
		return new self( md5( $store ) );
	}

	/**
	 * The cached summary of a cart at this stamp: {item_count, total, error, products}, or null when it must be
	 * fetched. products: the product lines as lines() encodes them, null for a failure.
	 *
	 * @return array{item_count:int|float|null,total:string|null,error:string|null,products:string|null}|null
	 */
	public function get( string $key, string $stamp ): ?array {
		$this->load();
		$entry = $this->entries[ $key ] ?? null;
		if ( null === $entry || $entry[0] !== $stamp ) {
			return null;
		}
		if ( null !== $entry[3] && $entry[4] < time() ) {
			return null; // A remembered failure that is due for another try.
		}
		if ( null === $entry[3] && ! is_string( $entry[5] ?? null ) ) {
			return null; // Cached before product lines were kept: fetch once more.
		}
		return array(
			'item_count' => $entry[1],
			'total'      => $entry[2],
			'error'      => $entry[3],
			'products'   => $entry[5] ?? null,
		);
	}

	/**
	 * @param int|float|null $item_count
	 * @param string         $products   Product lines, as lines() encodes them.
	 */
	public function put( string $key, string $stamp, $item_count, ?string $total, string $products ): void {
		$this->load();
		$this->entries[ $key ] = array( $stamp, $item_count, $total, null, 0, $products );
		$this->dirty           = true;
	}

	/**
	 * A cart's items (Normaliser::detail()'s items) as the product lines put() keeps: a JSON list of
	 * [product id, name, quantity, line total]. decode_lines() reads it back.
	 *
	 * @param array<int,array<string,mixed>> $items
	 */
	public static function lines( array $items ): string {
		$lines = array();
		foreach ( $items as $item ) {
			$lines[] = array(
				(int) $item['product_id'],
				(string) $item['name'],
				$item['quantity'],
				$item['line_total'],
			);
		}
		return (string) wp_json_encode(
			$lines,
			JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES | JSON_INVALID_UTF8_SUBSTITUTE
		);
	}

	/**
	 * @return array<int,array{0:int,1:string,2:int|float,3:string|null}>
	 */
	public static function decode_lines( ?string $lines ): array {
		$decoded = null === $lines ? null : json_decode( $lines, true );
		return is_array( $decoded ) ? $decoded : array();
	}

	public function put_failure( string $key, string $stamp, string $error ): void {
		$this->load();
		$this->entries[ $key ] = array( $stamp, null, null, $error, time() + self::FAILURE_TTL );
		$this->dirty           = true;
	}

	/**
	 * Keeps only the given keys (the carts the store still lists).
	 *
	 * @param string[] $keys
	 */
	public function prune( array $keys ): void {
		$this->load();
		$before        = count( $this->entries );
		$this->entries = array_intersect_key( $this->entries, array_flip( $keys ) );
		$this->dirty   = $this->dirty || count( $this->entries ) !== $before;
	}

	/**
	 * @param string[] $keys
	 */
	public function forget( array $keys ): void {
		$this->load();
		foreach ( $keys as $key ) {
			if ( isset( $this->entries[ $key ] ) ) {
				unset( $this->entries[ $key ] );
				$this->dirty = true;
			}
		}
	}

	public function save(): void {
		if ( ! $this->dirty || null === $this->entries ) {
			return;
		}
		$json   = (string) wp_json_encode(
			$this->entries,
			JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES | JSON_INVALID_UTF8_SUBSTITUTE
		);
		$packed = function_exists( 'gzcompress' ) ? gzcompress( $json, 6 ) : false;
		// phpcs:ignore WordPress.PHP.DiscouragedPHPFunctions.obfuscation_base64_encode
		set_transient( $this->name(), false === $packed ? 'j:' . $json : 'z:' . base64_encode( $packed ), self::KEEP );
		$this->dirty = false;
	}

	public function clear(): void {
		delete_transient( $this->name() );
		$this->entries = array();
		$this->dirty   = false;
	}

	private function load(): void {
		if ( null !== $this->entries ) {
			return;
		}
		$this->entries = array();
		$stored        = OptionCache::transient( $this->name() );
		if ( ! is_string( $stored ) ) {
			return;
		}
		$json = null;
		if ( 0 === strpos( $stored, 'z:' ) && function_exists( 'gzuncompress' ) ) {
			// phpcs:ignore WordPress.PHP.DiscouragedPHPFunctions.obfuscation_base64_decode
			$raw  = base64_decode( substr( $stored, 2 ), true );
			$json = false === $raw ? null : gzuncompress( $raw );
		} elseif ( 0 === strpos( $stored, 'j:' ) ) {
			$json = substr( $stored, 2 );
		}
		$decoded = is_string( $json ) ? json_decode( $json, true ) : null;
		if ( is_array( $decoded ) ) {
			foreach ( $decoded as $key => $entry ) {
				if ( is_array( $entry ) && in_array( count( $entry ), array( 5, 6 ), true ) ) {
					$this->entries[ (string) $key ] = $entry;
				}
			}
		}
	}

	private function name(): string {
		return self::PREFIX . $this->connection;
	}
}
