<?php
/**
 * The CoCart client: calls the store's REST API server-side with a WooCommerce consumer key pair
 * (docs/cocart-api.md#authentication). It decides what is sent and reads what comes back; a Transport carries
 * the calls (HttpTransport: WordPress's HTTP API, curl_multi for parallel calls), chosen in transport_for().
 *
 *  - HTTPS: Basic ck:cs; on 401 cocart_authentication_error (CoCart 4.8.0) or an anonymous 401 (the host strips
 *    the Authorization header) the same pair again as consumer_key/consumer_secret query parameters. The way
 *    that worked is remembered (Settings::key_state()).
 *  - HTTP: one-legged OAuth 1.0a, HMAC-SHA256, in the query string (OAuth).
 *  - Only http/https store URLs (refusal()); credentials never follow a redirect (HttpTransport).
 *  - Connect and total timeouts; retries with exponential backoff and jitter for idempotent requests on
 *    429/502/503/504 and timeouts, honouring Retry-After, capped.
 *  - Key rotation: when the pair in use is refused, each backup pair is tried; one that works becomes the pair
 *    in use, recorded with the time and the pair it replaced, so the settings screen can say so.
 *  - Never sends cart_key / CoCart-API-Cart-Key (they would load that cart as the caller's own).
 *  - Answers: a Response for 2xx JSON (PHP notices before the JSON are skipped), else a WP_Error from Errors,
 *    read in one place (read()) for one call and for many.
 *
 * Usage: ( new Client() )->get( 'cocart/v2/sessions' ), ->delete( 'cocart/v2/session/' . $key ),
 * ->request( 'PUT', 'wc/v3/system_status/tools/cocart_cleanup_carts' ).
 *
 * @package CartSessions
 */

declare(strict_types=1);

namespace CartSessions\CoCart;

use CartSessions\Credentials\Settings;
use CartSessions\Credentials\Validator;
use WP_Error;

final class Client {

	public const MAX_ATTEMPTS      = 3;
	public const MAX_TIMEOUT_TRIES = 2;
	public const BASE_DELAY        = 0.5;
	public const MAX_DELAY         = 4.0;
	public const MAX_RETRY_AFTER   = 10.0;
	public const MAX_TOTAL_WAIT    = 15.0;
	public const RETRY_STATUSES    = array( 429, 502, 503, 504 );
	private const FORBIDDEN_PARAMS = array(
		'cart_key',
		'consumer_key',
		'consumer_secret',
		'oauth_signature',
		'oauth_consumer_key',
	);
	private const NO_KEY           = array(
		'consumer_key'    => '',
		'consumer_secret' => '',
	);

	/** @var Settings */
	private $settings;

	/** @var DebugLog */
	private $log;

	/** @var Transport|null Chosen on first use (transport()). */
	private $transport;

	/** @var array<int,array<string,mixed>>|null Debug log entries held while request_many() reads its answers. */
	private $held_log = null;

	/** @var callable(float):void */
	private $sleep;

	/** @var callable():float */
	private $random;

	/**
	 * @param array<string,mixed> $options sleep: callable(float seconds); random: callable(): float in [0,1)
	 *                                     (tests make the backoff observable without waiting).
	 */
	public function __construct( ?Settings $settings = null, array $options = array() ) {
		$this->settings  = $settings ?? new Settings();
		$this->log       = new DebugLog( $this->settings );
		$this->sleep     = $options['sleep'] ?? static function ( float $seconds ): void {
			usleep( (int) round( $seconds * 1000000 ) );
		};
		$this->random    = $options['random'] ?? static function (): float {
			return mt_rand() / ( mt_getrandmax() + 1 );
		};
	}

	/**
	 * The one place that decides how calls reach the store: CoCart on this site is called in-process (no key,
	 * nothing sent out) when the store URL is this site, CoCart's session routes are registered here and
	 * WooCommerce's session handler is CoCart's; anything else goes over HTTP.
	 */
	private static function transport_for( Settings $settings ): Transport {
		$in_process = new InProcess( $settings );
		return $in_process->applies() && InProcess::session_ready() ? $in_process : new HttpTransport( $settings );
	}

	/**
	 * The transport, chosen on the first call (choosing may start WooCommerce's session: only when needed).
	 */
	private function transport(): Transport {
		if ( null === $this->transport ) {
			$this->transport = self::transport_for( $this->settings );
		}
		return $this->transport;
	}

	/**
	 * Whether calls go to CoCart on this site in-process (no key) rather than over HTTP.
	 */
	public function in_process(): bool {
		return $this->transport() instanceof InProcess;
	}

	/**
	 * Whether the store can be called at all, for the layers above before they start work: true, or the error
	 * that says what to fix (in-process: no key needed, but CoCart checks the user).
	 *
	 * @return true|WP_Error
	 */
	public function ready() {
		$keyless = ! $this->transport()->needs_key();
		$refused = $this->refusal( $keyless );
		if ( null === $refused && $this->in_process() ) {
			$refused = ( new InProcess( $this->settings ) )->user_refusal();
		}
		return $refused ?? true;
	}

	public function settings(): Settings {
		return $this->settings;
	}

	/**
	 * @param array<string,scalar> $query
	 * @return Response|WP_Error
	 */
	public function get( string $path, array $query = array() ) {
		return $this->request( 'GET', $path, $query );
	}

	/**
	 * @return Response|WP_Error
	 */
	public function delete( string $path ) {
		return $this->request( 'DELETE', $path );
	}

	/**
	 * The store's REST URL for a path such as "cocart/v2/sessions".
	 */
	public function url( string $path ): string {
		$store     = $this->settings->store_url();
		$this_site = untrailingslashit( $store ) === untrailingslashit( home_url() );
		$prefix    = $this_site ? rest_get_url_prefix() : 'wp-json';
		/**
		 * Filters the REST prefix of the store ("wp-json" unless the store changed it).
		 *
		 * @param string $prefix
		 * @param string $store  The store URL.
		 */
		$prefix = (string) apply_filters( 'cart_sessions_store_rest_prefix', $prefix, $store );
		return untrailingslashit( $store ) . '/' . trim( $prefix, '/' ) . '/' . ltrim( $path, '/' );
	}

	/**
	 * Pure backoff: the wait before retry number $attempt (1 = the first retry), with "equal jitter" —
	 * half the exponential delay fixed, half random — capped at MAX_DELAY; a Retry-After (seconds) wins.
	 */
	public static function backoff( int $attempt, ?float $retry_after, float $random ): float {
		if ( null !== $retry_after ) {
			return max( 0.0, $retry_after );
		}
		$delay = min( self::MAX_DELAY, self::BASE_DELAY * ( 2 ** max( 0, $attempt - 1 ) ) );
		return $delay / 2 + $delay / 2 * max( 0.0, min( 1.0, $random ) );
	}

	/**
	 * @param array<string,scalar> $query
	 * @param array<string,mixed>  $opts idempotent (bool; default: GET/HEAD only), rotate (bool, default true),
	 *                                   timeout (int seconds, default from settings), anonymous (bool: no
	 *                                   credentials at all), auth ('basic'|'query'|'oauth': only that way, with
	 *                                   the pair in use, without remembering it).
	 * @return Response|WP_Error
	 */
	public function request( string $method, string $path, array $query = array(), array $opts = array() ) {
		$method  = strtoupper( $method );
		$keyless = ! empty( $opts['anonymous'] ) || ! $this->transport()->needs_key();
		$refused = $this->refusal( $keyless );
		if ( null !== $refused ) {
			return $refused;
		}
		$query   = self::without_credentials( $query );
		$url     = $this->url( $path );
		$https   = 0 === strpos( $url, 'https://' );
		$timeout = (int) ( $opts['timeout'] ?? $this->settings->timeout() );
		if ( $keyless ) {
			return $this->send( new Call( $method, $path, $query, $url, self::NO_KEY, 'none', -1, $timeout ), $opts );
		}
		$pairs = $this->settings->key_pairs();
		$key   = $this->settings->key_state();
		$first = $key['index'];
		$order = array_merge( array( $first ), array_values( array_diff( array_keys( $pairs ), array( $first ) ) ) );
		if ( false === ( $opts['rotate'] ?? true ) ) {
			$order = array( $first );
		}

		$first_error = null;
		foreach ( $order as $index ) {
			$modes = array( 'oauth' );
			if ( $https ) {
				$modes = 'query' === $key['auth'] && $index === $first ? array( 'query' ) : array( 'basic', 'query' );
			}
			if ( isset( $opts['auth'] ) && in_array( $opts['auth'], array( 'basic', 'query', 'oauth' ), true ) ) {
				$modes = array( (string) $opts['auth'] ); // The doctor probes one way on purpose.
			}
			$result = null;
			$used   = '';
			foreach ( $modes as $auth ) {
				$used   = $auth;
				$call   = new Call( $method, $path, $query, $url, $pairs[ $index ], $auth, $index, $timeout );
				$result = $this->send( $call, $opts );
				if ( $result instanceof WP_Error && 'basic' === $auth && $this->basic_refused( $result ) ) {
					continue; // Same pair again, as query parameters.
				}
				break;
			}
			$reason   = $result instanceof WP_Error ? (string) ( $result->get_error_data()['reason'] ?? '' ) : '';
			$accepted = $result instanceof Response || in_array( $reason, Errors::AFTER_AUTH, true );
			// The store accepted the pair when it answered, or refused for a reason that comes after
			// authentication (no such cart; a read-only key on a write).
			if ( $accepted && ! isset( $opts['auth'] ) ) {
				$this->remember( $index, $used, $key, $pairs );
			}
			if ( $result instanceof Response ) {
				return $result;
			}
			if ( ! in_array( $reason, Errors::KEY_REFUSED, true ) ) {
				return $result; // Not the key's fault: another pair would not help.
			}
			if ( null === $first_error ) {
				$first_error = $result;
			}
		}
		return $first_error
			?? Errors::make( 'bad_key', __( 'The store refused every key pair.', 'cart-sessions-for-cocart' ), 502 );
	}

	/**
	 * Several requests at once, at most $concurrency in flight: a store's throughput tops out at a couple of
	 * concurrent requests (docs/cocart-api.md#measured). Each is sent once with the key pair and authentication
	 * in use: no rotation and no retries — a failure comes back as that request's WP_Error, read as request()
	 * reads it, and the caller decides. Same checks as request() and the same outbound controls as
	 * wp_safe_remote_request() (HttpTransport::send_many()); never cart_key.
	 * (Used by the Sessions service: the details of the rows on a page, and bulk deletes.)
	 *
	 * @param array<int|string,array{0:string,1:string,2?:array<string,scalar>}> $requests id => [method, path, query]
	 * @param array<string,mixed>                                                 $opts     timeout (int seconds);
	 *                                                                                      deadline (microtime: no
	 *                                                                                      request starts after it).
	 * @return array<int|string,Response|WP_Error> id => answer, in the order given; a request not started
	 *                                             before the deadline has no entry.
	 */
	public function request_many( array $requests, int $concurrency = 4, array $opts = array() ): array {
		$keyless = ! $this->transport()->needs_key();
		$refused = $this->refusal( $keyless );
		if ( null !== $refused ) {
			return array_fill_keys( array_keys( $requests ), $refused );
		}
		$pair  = self::NO_KEY;
		$index = -1;
		$auth  = 'none';
		if ( ! $keyless ) {
			$key   = $this->settings->key_state();
			$index = $key['index'];
			$pair  = $this->settings->key_pairs()[ $index ];
			$https = 0 === strpos( $this->settings->store_url(), 'https://' );
			$auth  = $https ? ( 'query' === $key['auth'] ? 'query' : 'basic' ) : 'oauth';
		}
		$timeout = (int) ( $opts['timeout'] ?? $this->settings->timeout() );
		$calls   = array();
		foreach ( $requests as $id => $spec ) {
			$path         = (string) $spec[1];
			$query        = self::without_credentials( (array) ( $spec[2] ?? array() ) );
			$method       = strtoupper( (string) $spec[0] );
			$calls[ $id ] = new Call( $method, $path, $query, $this->url( $path ), $pair, $auth, $index, $timeout );
		}
		$deadline = isset( $opts['deadline'] ) ? (float) $opts['deadline'] : null;
		$out      = array();
		// The batch's debug log entries are written once, after its answers are read, not once per answer
		// (rewriting the capped log option per answer doubled a cleanup step's PHP time with the log on).
		$this->held_log = array();
		try {
			foreach ( $this->transport()->send_many( $calls, $concurrency, $deadline ) as $id => $answer ) {
				$out[ $id ] = $this->read( $calls[ $id ], $answer, 1 );
			}
		} finally {
			$this->log->record_many( $this->held_log );
			$this->held_log = null;
		}
		return $out;
	}

	/**
	 * http_allowed_safe_ports for the saved store (HttpTransport::allow_store_port()).
	 *
	 * @param int[]  $ports
	 * @param string $host
	 * @param string $url
	 * @return int[]
	 */
	public function allow_store_port( $ports, $host = '', $url = '' ): array {
		return ( new HttpTransport( $this->settings ) )->allow_store_port( $ports, $host, $url );
	}

	/**
	 * Why nothing may be sent at all, for one request and for many: the connection is not usable (a call without
	 * a key needs none, but never goes out under an invalid override), or the store URL is not an http:// or
	 * https:// address. Null: go on.
	 */
	private function refusal( bool $keyless ): ?WP_Error {
		$state = $this->settings->state();
		if ( Settings::STATE_OK !== $state && ( ! $keyless || Settings::STATE_INVALID_OVERRIDE === $state ) ) {
			return Errors::for_state( $state, $this->settings );
		}
		$store  = $this->settings->store_url();
		$scheme = wp_parse_url( $store, PHP_URL_SCHEME );
		$web    = in_array( $scheme, array( 'http', 'https' ), true );
		if ( '' === $store || null !== Validator::store_url( $store ) || ! $web ) {
			return Errors::make(
				'bad_url',
				__(
					'The store URL is not a valid http:// or https:// address. Fix it in Settings.',
					'cart-sessions-for-cocart'
				),
				409
			);
		}
		return null;
	}

	/**
	 * The query without anything that carries credentials or loads a cart as the caller's own.
	 *
	 * @param array<string,scalar> $query
	 * @return array<string,scalar>
	 */
	private static function without_credentials( array $query ): array {
		foreach ( self::FORBIDDEN_PARAMS as $name ) {
			unset( $query[ $name ] );
		}
		return $query;
	}

	private function basic_refused( WP_Error $error ): bool {
		$data     = (array) $error->get_error_data();
		$refusals = array(
			'cocart_authentication_error',
			'cocart_rest_cannot_view',
			'woocommerce_rest_cannot_view',
			'rest_not_logged_in',
			'',
		);
		return 401 === ( $data['upstream_status'] ?? 0 )
			&& in_array( $data['reason'] ?? '', array( 'bad_key', 'key_ignored' ), true )
			&& in_array( $data['upstream_code'] ?? '', $refusals, true );
	}

	/**
	 * Records the pair and authentication that worked; a different pair than before is a rotation.
	 *
	 * @param array<string,mixed>                                             $before
	 * @param array<int,array{consumer_key:string,consumer_secret:string}> $pairs
	 */
	private function remember( int $index, string $auth, array $before, array $pairs ): void {
		if ( $index === $before['index'] && $auth === $before['auth'] ) {
			return;
		}
		$changes = array(
			'index' => $index,
			'auth'  => $auth,
		);
		if ( $index !== $before['index'] ) {
			$changes['rotated_at']   = time();
			$changes['rotated_from'] = Validator::hint( $pairs[ $before['index'] ]['consumer_key'] ?? '' );
			$hint_now                = Validator::hint( $pairs[ $index ]['consumer_key'] );
			/**
			 * Fires when the client switched to another key pair because the one in use was refused.
			 *
			 * @param int    $index        The pair now in use (0 primary, 1… backups).
			 * @param string $hint_now     "ck_…a1b2" of the pair now in use.
			 * @param string $hint_before  "ck_…" of the refused pair.
			 */
			do_action( 'cart_sessions_key_rotated', $index, $hint_now, $changes['rotated_from'] );
		}
		$this->settings->update_key_state( $changes );
	}

	/**
	 * One logical request with one pair and one authentication, retried when that is safe.
	 *
	 * @param array<string,mixed> $opts
	 * @return Response|WP_Error
	 */
	private function send( Call $call, array $opts ) {
		$idempotent = (bool) ( $opts['idempotent'] ?? in_array( $call->method, array( 'GET', 'HEAD' ), true ) );
		$waited     = 0.0;
		$timeouts   = 0;
		for ( $attempt = 1; ; $attempt++ ) {
			$answer = $this->transport()->send( $call );
			$result = $this->read( $call, $answer, $attempt );
			if ( $result instanceof Response || ! $idempotent || $attempt >= self::MAX_ATTEMPTS ) {
				return $result;
			}
			$wait = $this->retry_wait( $answer, $result, $attempt, $timeouts );
			if ( null === $wait || $waited + $wait > self::MAX_TOTAL_WAIT ) {
				return $result;
			}
			( $this->sleep )( $wait );
			$waited += $wait;
		}
	}

	/**
	 * How long to wait before trying an idempotent request again, or null not to: a timeout is tried once more,
	 * a busy store (429/502/503/504) as long as its Retry-After is short.
	 *
	 * @param int $timeouts Timeouts so far (counted here).
	 */
	private function retry_wait( Answer $answer, WP_Error $error, int $attempt, int &$timeouts ): ?float {
		if ( null !== $answer->failure ) {
			$slow = 'too_slow' === ( $error->get_error_data()['reason'] ?? '' );
			if ( ! $slow || ++$timeouts >= self::MAX_TIMEOUT_TRIES ) {
				return null;
			}
			return self::backoff( $attempt, null, ( $this->random )() );
		}
		if ( ! in_array( $answer->status, self::RETRY_STATUSES, true ) ) {
			return null;
		}
		$retry_after = Errors::retry_after( $answer->headers );
		if ( null !== $retry_after && $retry_after > self::MAX_RETRY_AFTER ) {
			return null;
		}
		return self::backoff( $attempt, $retry_after, ( $this->random )() );
	}

	/**
	 * The one reading of an answer, whichever call and transport it came from: a Response for a 2xx JSON body,
	 * else the WP_Error that names the fix (Errors); logged either way.
	 *
	 * @return Response|WP_Error
	 */
	private function read( Call $call, Answer $answer, int $attempt ) {
		if ( null !== $answer->refusal ) {
			$this->log( $call, $answer, $answer->refusal, $attempt );
			return $answer->refusal;
		}
		$store = $this->settings->store_url();
		if ( null !== $answer->failure ) {
			$error = Errors::transport( $answer->failure, $store, $call->timeout );
			// The transport's own text (a cURL error) only in the debug log, redacted there: never on screen.
			$this->log( $call, $answer, $error, $attempt, $answer->failure->get_error_message() );
			return $error;
		}
		if ( $answer->status >= 200 && $answer->status < 300 ) {
			$decoded = Body::decode( $answer->body );
			if ( $decoded['ok'] ) {
				$this->log( $call, $answer, null, $attempt );
				return new Response(
					$answer->status,
					$answer->headers,
					$decoded['data'],
					$answer->duration_ms,
					$call->key_index,
					$call->auth,
					$decoded['noise']
				);
			}
		}
		$context = array(
			'path'      => $call->path,
			'scheme'    => 0 === strpos( $call->url, 'https://' ) ? 'https' : 'http',
			'auth'      => $call->auth,
			'store_url' => $store,
			'method'    => $call->method,
			'url'       => $call->url,
		);
		$secrets = array_merge( array( $call->pair['consumer_secret'] ), $this->settings->all_secrets() );
		$secrets = array_filter( $secrets );
		$error   = Errors::response( $answer->status, $answer->headers, $answer->body, $context, $secrets );
		$this->log( $call, $answer, $error, $attempt );
		return $error;
	}

	private function log( Call $call, Answer $answer, ?WP_Error $error, int $attempt, string $detail = '' ): void {
		$what  = null === $error ? '' : $error->get_error_code() . ( '' === $detail ? '' : ': ' . $detail );
		$entry = array(
			'method'      => $call->method,
			'path'        => '/' . ltrim( $call->path, '/' ),
			'status'      => $answer->status,
			'duration_ms' => $answer->duration_ms,
			'error'       => $what,
			'auth'        => $call->auth,
			'key'         => Validator::hint( $call->pair['consumer_key'] ),
			'attempt'     => $attempt,
		);
		if ( null !== $this->held_log ) {
			$this->held_log[] = $entry;
			return;
		}
		$this->log->record( $entry );
	}
}
