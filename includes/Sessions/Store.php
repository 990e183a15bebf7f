<?php
/**
 * The store as the Sessions classes see it during one request: the CoCart client and the connection's settings,
 * the list and detail caches of this connection, the store's facts (StoreInfo), and which of CoCart's two route
 * shapes its list has. ListReader, DetailReader, Deleter and DeletePermission share one, so that a list view
 * reads each of these once.
 *
 * The two shapes: CoCart as released lists carts at cocart/v2/sessions and serves one at cocart/v2/session/<key>
 * ("released"); CoCart's documentation describes a paged list and cocart/v2/sessions/<key> ("documented").
 * See docs/cocart-api.md#routes.
 *
 * @package CartSessions
 */

declare(strict_types=1);

namespace CartSessions\Sessions;

use CartSessions\CoCart\Client;
use CartSessions\CoCart\StoreInfo;
use CartSessions\Credentials\Settings;
use WP_Error;

final class Store {

	public const DETAIL_CONCURRENCY = 4;
	public const DELETE_CONCURRENCY = 2;
	/** Detail and delete requests prepared at once per concurrent slot (see per_cart()). */
	public const CHUNK_PER_SLOT = 25;

	/** @var Client */
	private $client;

	/** @var Settings */
	private $settings;

	/** @var ListCache|null */
	private $lists;

	/** @var DetailCache|null */
	private $details;

	/** @var array<string,mixed>|null */
	private $info = null;

	/** @var Normaliser|null */
	private $normaliser = null;

	/** @var string|null The shape of the list last read (released | documented), so it is not unpacked again. */
	private $shape = null;

	/** @var int Detail requests made by the last operation (for the X-Cart-Sessions-* headers and tests). */
	public $detail_requests = 0;

	public function __construct( Client $client ) {
		$this->client   = $client;
		$this->settings = $client->settings();
	}

	public function client(): Client {
		return $this->client;
	}

	public function settings(): Settings {
		return $this->settings;
	}

	/**
	 * The connection's fingerprint: what the list cache, the "too big" memo and the key's permission are kept per.
	 */
	public function connection(): string {
		return (string) $this->settings->key_state()['fingerprint'];
	}

	public function lists(): ListCache {
		if ( null === $this->lists ) {
			$this->lists = new ListCache( $this->connection() );
		}
		return $this->lists;
	}

	public function details(): DetailCache {
		if ( null === $this->details ) {
			$this->details = DetailCache::for_store( $this->settings->store_url() );
		}
		return $this->details;
	}

	public function too_big_memo(): TooBig {
		return new TooBig( $this->connection() );
	}

	/**
	 * The store's facts (decimals, currency, CoCart version, counts), read once a request.
	 *
	 * @return array{store_url:string,cocart_version:string|null,decimals:int,currency:string|null,counts:array<string,int>|null,checked_at:int}
	 */
	public function info(): array {
		if ( null === $this->info ) {
			$this->info = StoreInfo::get( $this->client );
		}
		return $this->info;
	}

	/**
	 * The store's facts asked afresh (its counts have changed, or are wanted now).
	 *
	 * @return array{store_url:string,cocart_version:string|null,decimals:int,currency:string|null,counts:array<string,int>|null,checked_at:int}
	 */
	public function refresh_info(): array {
		$this->info = StoreInfo::get( $this->client, true );
		return $this->info;
	}

	public function currency(): ?string {
		return $this->info()['currency'];
	}

	public function normaliser(): Normaliser {
		if ( null === $this->normaliser ) {
			$info             = $this->info();
			$this->normaliser = new Normaliser( $info['decimals'], $info['currency'] );
		}
		return $this->normaliser;
	}

	/**
	 * The list's shape: the one last read, else the cached list's.
	 */
	public function shape(): string {
		if ( null === $this->shape ) {
			$this->shape = $this->lists()->meta()['shape'] ?? 'released';
		}
		return $this->shape;
	}

	public function note_shape( string $shape ): void {
		$this->shape = $shape;
	}

	/**
	 * One cart's route in a shape.
	 */
	public static function path( string $shape, string $key ): string {
		return ( 'documented' === $shape ? 'cocart/v2/sessions/' : 'cocart/v2/session/' ) . rawurlencode( $key );
	}

	/**
	 * The connection is set up, or the error saying it is not.
	 *
	 * @return true|WP_Error
	 */
	public function ready() {
		$ready = $this->client->ready();
		return true === $ready ? true : RouteError::from( $ready );
	}

	/**
	 * One request per cart key (the session route), $concurrency in flight, none started after $deadline; each
	 * answer goes to $each( key, Response|WP_Error ) as its chunk ends. Long chunks, one sliding window each
	 * (requests are signed as their chunk starts). Returns how many were sent.
	 *
	 * @param string[]             $keys
	 * @param array<string,scalar> $query
	 */
	public function per_cart(
		string $method,
		array $keys,
		array $query,
		?float $deadline,
		int $concurrency,
		callable $each
	): int {
		$shape = $this->shape();
		$sent  = 0;
		foreach ( array_chunk( $keys, $concurrency * self::CHUNK_PER_SLOT ) as $chunk ) {
			$requests = array();
			foreach ( $chunk as $i => $key ) {
				$requests[ $i ] = array( $method, self::path( $shape, (string) $key ), $query );
			}
			$answers = $this->client->request_many( $requests, $concurrency, array( 'deadline' => $deadline ) );
			$sent   += count( $answers );
			foreach ( $answers as $i => $answer ) {
				$each( (string) $chunk[ $i ], $answer );
			}
			if ( count( $answers ) < count( $chunk ) ) {
				break;
			}
		}
		return $sent;
	}
}
