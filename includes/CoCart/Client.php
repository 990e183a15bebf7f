<?php
/**
 * The CoCart client: calls the store's REST API server-side with a WooCommerce consumer key pair
 * (cocart-sessions-api.md §3, §8.1).
 *
 *  - HTTPS: Basic ck:cs; on 401 cocart_authentication_error (CoCart 4.8.0) or an anonymous 401 (the host strips
 *    the Authorization header) the same pair again as consumer_key/consumer_secret query parameters. The way
 *    that worked is remembered (Settings::key_state()).
 *  - HTTP: one-legged OAuth 1.0a, HMAC-SHA256, in the query string (OAuth).
 *  - wp_safe_remote_request() with redirection 0: credentials never follow a redirect. Only http/https.
 *  - Connect and total timeouts; retries with exponential backoff and jitter for idempotent requests on
 *    429/502/503/504 and timeouts, honouring Retry-After, capped.
 *  - Key rotation: when the pair in use is refused, each backup pair is tried; one that works becomes the pair
 *    in use, recorded with the time and the pair it replaced, so the settings screen can say so.
 *  - Never sends cart_key / CoCart-API-Cart-Key (they would load that cart as the caller's own).
 *  - Answers: a Response for 2xx JSON (PHP notices before the JSON are skipped), else a WP_Error from Errors.
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

	public const MAX_ATTEMPTS       = 3;
	public const MAX_TIMEOUT_TRIES  = 2;
	public const BASE_DELAY         = 0.5;
	public const MAX_DELAY          = 4.0;
	public const MAX_RETRY_AFTER    = 10.0;
	public const MAX_TOTAL_WAIT     = 15.0;
	public const CONNECT_TIMEOUT    = 5;
	public const STAGGER_US         = 5000;
	public const RETRY_STATUSES     = array( 429, 502, 503, 504 );
	private const FORBIDDEN_PARAMS  = array( 'cart_key', 'consumer_key', 'consumer_secret', 'oauth_signature', 'oauth_consumer_key' );

	/** @var Settings */
	private $settings;

	/** @var DebugLog */
	private $log;

	/** @var callable(float):void */
	private $sleep;

	/** @var callable():float */
	private $random;

	/** @var InProcess */
	private $in_process;

	/**
	 * @param array<string,mixed> $options sleep: callable(float seconds); random: callable(): float in [0,1)
	 *                                     (tests make the backoff observable without waiting).
	 */
	public function __construct( ?Settings $settings = null, array $options = array() ) {
		$this->settings = $settings ?? new Settings();
		$this->log      = new DebugLog( $this->settings );
		$this->in_process = new InProcess( $this->settings );
		$this->sleep    = $options['sleep'] ?? static function ( float $seconds ): void {
			usleep( (int) round( $seconds * 1000000 ) );
		};
		$this->random   = $options['random'] ?? static function (): float {
			return mt_rand() / ( mt_getrandmax() + 1 );
		};
	}

	public function settings(): Settings {
		return $this->settings;
	}

	/**
	 * Whether calls go to CoCart on this site in-process (no key, no HTTP) rather than over HTTP.
	 */
	public function in_process(): bool {
		return $this->in_process->applies();
	}

	/**
	 * Whether the client can call the store at all: in-process needs no key; over HTTP the settings must be
	 * complete.
	 *
	 * @return true|WP_Error
	 */
	public function ready() {
		if ( $this->in_process() ) {
			return true;
		}
		$state = $this->settings->state();
		return Settings::STATE_OK === $state ? true : Errors::for_state( $state, $this->settings );
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
		$store  = $this->settings->store_url();
		$prefix = untrailingslashit( $store ) === untrailingslashit( home_url() ) ? rest_get_url_prefix() : 'wp-json';
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
		$method = strtoupper( $method );
		if ( $this->in_process() ) {
			$direct = $this->call_in_process( $method, $path, $query );
			if ( null !== $direct ) {
				return $direct;
			}
		}
		$state  = $this->settings->state();
		if ( Settings::STATE_OK !== $state && ( empty( $opts['anonymous'] ) || Settings::STATE_INVALID_OVERRIDE === $state ) ) {
			return Errors::for_state( $state, $this->settings );
		}
		$store = $this->settings->store_url();
		if ( '' === $store || null !== Validator::store_url( $store ) || ! in_array( wp_parse_url( $store, PHP_URL_SCHEME ), array( 'http', 'https' ), true ) ) {
			return Errors::make( 'bad_url', __( 'The store URL is not a valid http:// or https:// address. Fix it in Settings.', 'cart-sessions-for-cocart' ), 409 );
		}
		foreach ( self::FORBIDDEN_PARAMS as $name ) {
			unset( $query[ $name ] );
		}
		$url   = $this->url( $path );
		$https = 0 === strpos( $url, 'https://' );
		if ( ! empty( $opts['anonymous'] ) ) {
			return $this->send(
				$method,
				$url,
				$path,
				$query,
				array(
					'consumer_key'    => '',
					'consumer_secret' => '',
				),
				'none',
				-1,
				$opts
			);
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
			$pair  = $pairs[ $index ];
			$modes = $https ? ( 'query' === $key['auth'] && $index === $first ? array( 'query' ) : array( 'basic', 'query' ) ) : array( 'oauth' );
			if ( isset( $opts['auth'] ) && in_array( $opts['auth'], array( 'basic', 'query', 'oauth' ), true ) ) {
				$modes = array( (string) $opts['auth'] ); // The doctor probes one way on purpose.
			}
			$result = null;
			$used   = '';
			foreach ( $modes as $auth ) {
				$used   = $auth;
				$result = $this->send( $method, $url, $path, $query, $pair, $auth, $index, $opts );
				if ( $result instanceof WP_Error && 'basic' === $auth && $this->basic_refused( $result ) ) {
					continue; // Same pair again, as query parameters.
				}
				break;
			}
			$reason = $result instanceof WP_Error ? (string) ( $result->get_error_data()['reason'] ?? '' ) : '';
			// The store accepted the pair when it answered, or refused for a reason that comes after
			// authentication (no such cart; a read-only key on a write).
			if ( ( $result instanceof Response || in_array( $reason, Errors::AFTER_AUTH, true ) ) && ! isset( $opts['auth'] ) ) {
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
		return $first_error ?? Errors::make( 'bad_key', __( 'The store refused every key pair.', 'cart-sessions-for-cocart' ), 502 );
	}

	/**
	 * Several requests at once, at most $concurrency in flight (§9: a store's throughput tops out at a few
	 * concurrent requests). Each is sent once with the key pair and authentication in use: no rotation and no
	 * retries — a failure comes back as that request's WP_Error, mapped as request() maps it, and the caller
	 * decides. Same safety as request(), and the same outbound controls as wp_safe_remote_request(): only
	 * http/https, the URL validated as it does (the store's own origin and nothing else allowed beyond core's
	 * rules), WP_HTTP_BLOCK_EXTERNAL / WP_ACCESSIBLE_HOSTS, the WP_PROXY_* proxy, and the http_request_args,
	 * pre_http_request, http_api_curl, https_ssl_verify, http_api_debug and http_response hooks; no redirects
	 * followed, never cart_key.
	 * (Added for the Sessions service: the details of the rows on a page, and bulk deletes.)
	 *
	 * @param array<int|string,array{0:string,1:string,2?:array<string,scalar>}> $requests id => [method, path, query]
	 * @param array<string,mixed>                                                 $opts     timeout (int seconds);
	 *                                                                                      deadline (microtime: no
	 *                                                                                      request starts after it).
	 * @return array<int|string,Response|WP_Error> id => answer, in the order given; a request not started
	 *                                             before the deadline has no entry.
	 */
	public function request_many( array $requests, int $concurrency = 4, array $opts = array() ): array {
		if ( $this->in_process() ) {
			$direct = $this->many_in_process( $requests, isset( $opts['deadline'] ) ? (float) $opts['deadline'] : null );
			if ( null !== $direct ) {
				return $direct;
			}
		}
		$out   = array();
		$state = $this->settings->state();
		$store = $this->settings->store_url();
		$fail  = null;
		if ( Settings::STATE_OK !== $state ) {
			$fail = Errors::for_state( $state, $this->settings );
		} elseif ( '' === $store || null !== Validator::store_url( $store ) || ! in_array( wp_parse_url( $store, PHP_URL_SCHEME ), array( 'http', 'https' ), true ) ) {
			$fail = Errors::make( 'bad_url', __( 'The store URL is not a valid http:// or https:// address. Fix it in Settings.', 'cart-sessions-for-cocart' ), 409 );
		}
		if ( null !== $fail ) {
			foreach ( array_keys( $requests ) as $id ) {
				$out[ $id ] = $fail;
			}
			return $out;
		}
		$pairs   = $this->settings->key_pairs();
		$key     = $this->settings->key_state();
		$index   = $key['index'];
		$pair    = $pairs[ $index ];
		$https   = 0 === strpos( $store, 'https://' );
		$auth    = $https ? ( 'query' === $key['auth'] ? 'query' : 'basic' ) : 'oauth';
		$timeout = (int) ( $opts['timeout'] ?? $this->settings->timeout() );
		$until   = isset( $opts['deadline'] ) ? (float) $opts['deadline'] : null;
		$secrets = array_filter( array_merge( array( $pair['consumer_secret'] ), $this->settings->all_secrets() ) );

		$batch = array();
		$meta  = array();
		$early = array(); // id => what a filter answered, or why it was refused, before any socket.
		foreach ( $requests as $id => $spec ) {
			$method = strtoupper( (string) $spec[0] );
			$path   = (string) $spec[1];
			$query  = (array) ( $spec[2] ?? array() );
			foreach ( self::FORBIDDEN_PARAMS as $name ) {
				unset( $query[ $name ] );
			}
			$url                    = $this->url( $path );
			list( $headers, $full ) = $this->credentials( $method, $url, $query, $pair, $auth );
			// What WP_Http::request() does before it opens a socket, in its order: http_request_args,
			// pre_http_request, the URL check (reject_unsafe_urls), WP_HTTP_BLOCK_EXTERNAL / WP_ACCESSIBLE_HOSTS.
			$args = apply_filters( 'http_request_args', $this->outbound_args( $method, $headers, $timeout ), $full ); // phpcs:ignore WordPress.NamingConventions.PrefixAllGlobals.NonPrefixedHooknameFound
			$pre  = apply_filters( 'pre_http_request', false, $args, $full ); // phpcs:ignore WordPress.NamingConventions.PrefixAllGlobals.NonPrefixedHooknameFound
			$meta[ $id ] = array( $method, $path, $url, $args, $full );
			if ( false !== $pre ) {
				$early[ $id ] = $pre;
				continue;
			}
			$refused = $this->refusal( $full );
			if ( null !== $refused ) {
				do_action( 'http_api_debug', $refused, 'response', 'WpOrg\\Requests\\Requests', $args, $full ); // phpcs:ignore WordPress.NamingConventions.PrefixAllGlobals.NonPrefixedHooknameFound
				$early[ $id ] = $refused;
				continue;
			}
			$verify       = empty( $args['sslverify'] ) ? false : (string) ( $args['sslcertificates'] ?? ABSPATH . WPINC . '/certificates/ca-bundle.crt' );
			$verify       = apply_filters( 'https_ssl_verify', $verify, $full ); // phpcs:ignore WordPress.NamingConventions.PrefixAllGlobals.NonPrefixedHooknameFound
			$batch[ $id ] = array(
				'url'     => $full,
				'headers' => (array) $args['headers'],
				'type'    => (string) $args['method'],
				'data'    => array(),
				'args'    => $args,
				'options' => array(
					'timeout'          => (int) ceil( (float) $args['timeout'] ),
					'connect_timeout'  => min( self::CONNECT_TIMEOUT, (int) ceil( (float) $args['timeout'] ) ),
					'follow_redirects' => false,
					'useragent'        => (string) $args['user-agent'],
					'verify'           => $verify ? $verify : false,
					'verifyname'       => (bool) $verify,
					'proxy'            => self::proxy_for( $full ),
				),
			);
		}
		mbstring_binary_safe_encoding();
		$responses = array() === $batch ? array() : self::transfer( $batch, max( 1, $concurrency ), $until );
		reset_mbstring_encoding();
		foreach ( $meta as $id => list( $method, $path, $url, $args, $full ) ) {
			if ( isset( $early[ $id ] ) ) {
				$raw = $early[ $id ];
				$ms  = 0;
			} else {
				if ( ! isset( $responses[ $id ] ) && null !== $until && microtime( true ) >= $until ) {
					continue; // Not started: the deadline came first.
				}
				list( $answer, $ms ) = $responses[ $id ] ?? array( null, 0 );
				if ( $answer instanceof \WpOrg\Requests\Response ) {
					$wrapped              = new \WP_HTTP_Requests_Response( $answer );
					$raw                  = $wrapped->to_array();
					$raw['http_response'] = $wrapped;
				} else {
					$raw = new WP_Error( 'http_request_failed', $answer instanceof \Exception ? $answer->getMessage() : __( 'No response.', 'cart-sessions-for-cocart' ) );
				}
				do_action( 'http_api_debug', $raw, 'response', 'WpOrg\\Requests\\Requests', $args, $full ); // phpcs:ignore WordPress.NamingConventions.PrefixAllGlobals.NonPrefixedHooknameFound
				if ( ! is_wp_error( $raw ) ) {
					$raw = apply_filters( 'http_response', $raw, $args, $full ); // phpcs:ignore WordPress.NamingConventions.PrefixAllGlobals.NonPrefixedHooknameFound
				}
			}
			if ( ! is_array( $raw ) ) {
				$raw        = is_wp_error( $raw ) ? $raw : new WP_Error( 'http_request_failed', __( 'No response.', 'cart-sessions-for-cocart' ) );
				$out[ $id ] = Errors::transport( $raw, $store, $timeout );
				$this->log( $method, $path, 0, $ms, $out[ $id ], $auth, $pair, 1, $raw->get_error_message() );
				continue;
			}
			$status  = (int) wp_remote_retrieve_response_code( $raw );
			$body    = (string) wp_remote_retrieve_body( $raw );
			$headers = array_change_key_case( self::headers( $raw ), CASE_LOWER );
			if ( $status >= 200 && $status < 300 ) {
				$decoded = Body::decode( $body );
				if ( $decoded['ok'] ) {
					$this->log( $method, $path, $status, $ms, null, $auth, $pair, 1 );
					$out[ $id ] = new Response( $status, $headers, $decoded['data'], $ms, $index, $auth, $decoded['noise'] );
					continue;
				}
			}
			$ctx        = array(
				'path'      => $path,
				'scheme'    => $https ? 'https' : 'http',
				'auth'      => $auth,
				'store_url' => $store,
				'method'    => $method,
				'url'       => $url,
			);
			$out[ $id ] = Errors::response( $status, $headers, $body, $ctx, $secrets );
			$this->log( $method, $path, $status, $ms, $out[ $id ], $auth, $pair, 1 );
		}
		$ordered = array();
		foreach ( array_keys( $requests ) as $id ) {
			if ( isset( $out[ $id ] ) ) {
				$ordered[ $id ] = $out[ $id ];
			}
		}
		return $ordered;
	}

	/**
	 * Sends the requests with at most $concurrency in flight: a sliding window (a new request starts as soon as
	 * one ends) over curl_multi, waiting in curl_multi_select(). Requests' own request_multiple() spins on
	 * curl_multi_exec() without waiting, burning a CPU core for as long as the store takes to answer — on a
	 * small server that is CPU taken from the store itself. Without curl: Requests, a chunk at a time.
	 *
	 * Nothing new starts after $deadline (when given); those requests get no entry.
	 *
	 * @param array<int|string,array<string,mixed>> $batch id => {url, headers, type, options} (Requests' shape).
	 * @return array<int|string,array{0:\WpOrg\Requests\Response|\Exception,1:int}> id => [answer, ms].
	 */
	private static function transfer( array $batch, int $concurrency, ?float $deadline = null ): array {
		$out    = array();
		$closed = static function () use ( $deadline ): bool {
			return null !== $deadline && microtime( true ) >= $deadline;
		};
		if ( ! function_exists( 'curl_multi_init' ) ) {
			foreach ( array_chunk( $batch, $concurrency, true ) as $chunk ) {
				if ( $closed() ) {
					break;
				}
				$started = microtime( true );
				try {
					$responses = \WpOrg\Requests\Requests::request_multiple( $chunk );
				} catch ( \Exception $e ) {
					$responses = array_fill_keys( array_keys( $chunk ), $e );
				}
				$ms = (int) round( ( microtime( true ) - $started ) * 1000 );
				foreach ( array_keys( $chunk ) as $id ) {
					$out[ $id ] = array( $responses[ $id ] ?? new \Exception( 'No response.' ), $ms );
				}
			}
			return $out;
		}
		// phpcs:disable WordPress.WP.AlternativeFunctions -- curl_multi: WordPress has no bounded-parallel HTTP API.
		$multi   = curl_multi_init();
		$waiting = array_keys( $batch );
		$flying  = array(); // (int) handle id => [request id, handle, header lines].
		$heads   = array();
		do {
			while ( count( $flying ) < $concurrency && array() !== $waiting && ! $closed() ) {
				if ( array() !== $flying ) {
					// Starts a few milliseconds apart: a server whose workers each take connections as they come
					// (php -S, some single-threaded setups) otherwise lets one worker take both and serve them
					// one after the other. Measured with php -S: conc 2 went from 1.4× to 1.8× sequential speed.
					curl_multi_exec( $multi, $running );
					usleep( self::STAGGER_US );
				}
				$id      = array_shift( $waiting );
				$request = $batch[ $id ];
				$handle  = curl_init( (string) $request['url'] );
				$slot    = self::slot( $handle );
				$lines   = array( 'Connection: close', 'Expect:' );
				foreach ( (array) $request['headers'] as $name => $value ) {
					$lines[] = $name . ': ' . $value;
				}
				$verify         = $request['options']['verify'];
				$heads[ $slot ] = array();
				curl_setopt_array(
					$handle,
					array(
						CURLOPT_CUSTOMREQUEST  => (string) $request['type'],
						CURLOPT_RETURNTRANSFER => true,
						CURLOPT_HTTPHEADER     => $lines,
						CURLOPT_TIMEOUT        => (int) $request['options']['timeout'],
						CURLOPT_CONNECTTIMEOUT => (int) $request['options']['connect_timeout'],
						CURLOPT_FOLLOWLOCATION => false,
						CURLOPT_PROTOCOLS      => CURLPROTO_HTTP | CURLPROTO_HTTPS,
						CURLOPT_USERAGENT      => (string) $request['options']['useragent'],
						CURLOPT_ENCODING       => '',
						CURLOPT_SSL_VERIFYPEER => false !== $verify,
						CURLOPT_SSL_VERIFYHOST => $request['options']['verifyname'] ? 2 : 0,
						CURLOPT_HEADERFUNCTION => static function ( $h, string $line ) use ( &$heads, $slot ): int {
							if ( 0 === strpos( $line, 'HTTP/' ) ) {
								$heads[ $slot ] = array(); // A new block (100 Continue, or a proxy's): keep the last.
							} elseif ( '' !== trim( $line ) ) {
								$heads[ $slot ][] = trim( $line );
							}
							return strlen( $line );
						},
					)
				);
				if ( is_string( $verify ) ) {
					curl_setopt( $handle, CURLOPT_CAINFO, $verify );
				}
				$proxy = $request['options']['proxy'] ?? null;
				if ( is_array( $proxy ) ) {
					// As WordPress's own cURL transport does with WP_PROXY_HOST / WP_PROXY_PORT / WP_PROXY_USERNAME.
					curl_setopt( $handle, CURLOPT_PROXYTYPE, CURLPROXY_HTTP );
					curl_setopt( $handle, CURLOPT_PROXY, $proxy['host'] );
					curl_setopt( $handle, CURLOPT_PROXYPORT, $proxy['port'] );
					if ( '' !== $proxy['auth'] ) {
						curl_setopt( $handle, CURLOPT_PROXYAUTH, CURLAUTH_ANY );
						curl_setopt( $handle, CURLOPT_PROXYUSERPWD, $proxy['auth'] );
					}
				}
				// Plugins that tune or pin WordPress's cURL handles (http_api_curl) see ours too.
				do_action_ref_array( 'http_api_curl', array( &$handle, $request['args'] ?? array(), (string) $request['url'] ) ); // phpcs:ignore WordPress.NamingConventions.PrefixAllGlobals.NonPrefixedHooknameFound
				curl_multi_add_handle( $multi, $handle );
				$flying[ $slot ] = array( $id, $handle );
			}
			do {
				$status = curl_multi_exec( $multi, $running );
			} while ( CURLM_CALL_MULTI_PERFORM === $status );
			while ( false !== ( $done = curl_multi_info_read( $multi ) ) ) {
				$slot                 = self::slot( $done['handle'] );
				list( $id, $handle )  = $flying[ $slot ];
				$ms                   = (int) round( 1000 * (float) curl_getinfo( $handle, CURLINFO_TOTAL_TIME ) );
				if ( CURLE_OK !== $done['result'] ) {
					$out[ $id ] = array( new \Exception( sprintf( 'cURL error %d: %s', $done['result'], curl_error( $handle ) ) ), $ms ); // phpcs:ignore WordPress.WP.I18n -- WordPress's own wording of a cURL error, which Errors::transport() reads.
				} else {
					$response              = new \WpOrg\Requests\Response();
					$response->url         = (string) $batch[ $id ]['url'];
					$response->status_code = (int) curl_getinfo( $handle, CURLINFO_RESPONSE_CODE );
					$response->success     = $response->status_code >= 200 && $response->status_code < 300;
					$response->body        = (string) curl_multi_getcontent( $handle );
					foreach ( $heads[ $slot ] as $line ) {
						$parts = explode( ':', $line, 2 );
						if ( 2 === count( $parts ) ) {
							$response->headers[ trim( $parts[0] ) ] = trim( $parts[1] );
						}
					}
					$out[ $id ] = array( $response, $ms );
				}
				curl_multi_remove_handle( $multi, $handle );
				curl_close( $handle );
				unset( $flying[ $slot ], $heads[ $slot ] );
			}
			if ( array() !== $flying && $running > 0 && -1 === curl_multi_select( $multi, 1.0 ) ) {
				usleep( 1000 ); // select() failed (some platforms): a short sleep instead of a spin.
			}
		} while ( array() !== $flying || ( array() !== $waiting && ! $closed() ) );
		curl_multi_close( $multi );
		// phpcs:enable WordPress.WP.AlternativeFunctions
		return $out;
	}

	/**
	 * An id for a curl handle: a CurlHandle object on PHP 8, a resource on PHP 7.4.
	 *
	 * @param mixed $handle
	 */
	private static function slot( $handle ): int {
		return is_object( $handle ) ? spl_object_id( $handle ) : (int) $handle;
	}

	/**
	 * One request to CoCart on this site, in-process, mapped as an HTTP answer is; null when the in-process
	 * transport steps aside (WooCommerce's session handler is not CoCart's) and the request goes over HTTP.
	 *
	 * @param array<string,scalar> $query
	 * @return Response|WP_Error|null
	 */
	private function call_in_process( string $method, string $path, array $query ) {
		foreach ( self::FORBIDDEN_PARAMS as $name ) {
			unset( $query[ $name ] );
		}
		$pair = array(
			'consumer_key'    => '',
			'consumer_secret' => '',
		);
		if ( 'GET' === $method && 'cocart/v2/sessions' === trim( $path, '/' ) ) {
			$too_big = $this->in_process->list_refusal();
			if ( null !== $too_big ) {
				$this->log( $method, $path, 0, 0, $too_big, InProcess::AUTH, $pair, 1 );
				return $too_big;
			}
		}
		$raw  = $this->in_process->call( $method, $path, $query );
		if ( null === $raw ) {
			return null;
		}
		if ( $raw instanceof WP_Error ) {
			$this->log( $method, $path, 0, 0, $raw, InProcess::AUTH, $pair, 1 );
			return $raw;
		}
		if ( $raw['status'] >= 200 && $raw['status'] < 300 ) {
			$decoded = Body::decode( $raw['body'] );
			if ( $decoded['ok'] ) {
				$this->log( $method, $path, $raw['status'], $raw['ms'], null, InProcess::AUTH, $pair, 1 );
				return new Response( $raw['status'], $raw['headers'], $decoded['data'], $raw['ms'], -1, InProcess::AUTH );
			}
		}
		$ctx   = array(
			'path'      => $path,
			'scheme'    => 0 === strpos( home_url(), 'https://' ) ? 'https' : 'http',
			'auth'      => InProcess::AUTH,
			'store_url' => $this->settings->store_url(),
			'method'    => $method,
			'url'       => $this->url( $path ),
		);
		$error = Errors::response( $raw['status'], $raw['headers'], $raw['body'], $ctx );
		$this->log( $method, $path, $raw['status'], $raw['ms'], $error, InProcess::AUTH, $pair, 1 );
		return $error;
	}

	/**
	 * request_many() in-process: one after another (each takes about a millisecond), none started after the
	 * deadline. Null when the in-process transport steps aside.
	 *
	 * @param array<int|string,array{0:string,1:string,2?:array<string,scalar>}> $requests
	 * @return array<int|string,Response|WP_Error>|null
	 */
	private function many_in_process( array $requests, ?float $until ): ?array {
		$out = array();
		foreach ( $requests as $id => $spec ) {
			if ( null !== $until && microtime( true ) >= $until ) {
				break;
			}
			$answer = $this->call_in_process( strtoupper( (string) $spec[0] ), (string) $spec[1], (array) ( $spec[2] ?? array() ) );
			if ( null === $answer ) {
				return null;
			}
			$out[ $id ] = $answer;
		}
		return $out;
	}

	/**
	 * The headers and full URL of one request with one pair and one way of authenticating.
	 *
	 * @param array<string,scalar>                                $query
	 * @param array{consumer_key:string,consumer_secret:string} $pair
	 * @return array{0:array<string,string>,1:string}
	 */
	private function credentials( string $method, string $url, array $query, array $pair, string $auth ): array {
		$headers = array( 'Accept' => 'application/json' );
		$send    = $query;
		if ( 'basic' === $auth ) {
			$headers['Authorization'] = 'Basic ' . base64_encode( $pair['consumer_key'] . ':' . $pair['consumer_secret'] ); // phpcs:ignore WordPress.PHP.DiscouragedPHPFunctions.obfuscation_base64_encode
		} elseif ( 'query' === $auth ) {
			$send['consumer_key']    = $pair['consumer_key'];
			$send['consumer_secret'] = $pair['consumer_secret'];
		} elseif ( 'none' !== $auth ) {
			$send = OAuth::sign( $method, $url, $query, $pair['consumer_key'], $pair['consumer_secret'] );
		}
		return array( $headers, $url . ( $send ? '?' . OAuth::build_query( $send ) : '' ) );
	}

	private function basic_refused( WP_Error $error ): bool {
		$data = (array) $error->get_error_data();
		return 401 === ( $data['upstream_status'] ?? 0 ) && in_array( $data['reason'] ?? '', array( 'bad_key', 'key_ignored' ), true )
			&& in_array( $data['upstream_code'] ?? '', array( 'cocart_authentication_error', 'cocart_rest_cannot_view', 'woocommerce_rest_cannot_view', 'rest_not_logged_in', '' ), true );
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
			/**
			 * Fires when the client switched to another key pair because the one in use was refused.
			 *
			 * @param int    $index        The pair now in use (0 primary, 1… backups).
			 * @param string $hint_now     "ck_…a1b2" of the pair now in use.
			 * @param string $hint_before  "ck_…" of the refused pair.
			 */
			do_action( 'cart_sessions_key_rotated', $index, Validator::hint( $pairs[ $index ]['consumer_key'] ), $changes['rotated_from'] );
		}
		$this->settings->update_key_state( $changes );
	}

	/**
	 * One logical request with one pair and one authentication, retried when that is safe.
	 *
	 * @param array<string,scalar>                                $query
	 * @param array{consumer_key:string,consumer_secret:string} $pair
	 * @param array<string,mixed>                                 $opts
	 * @return Response|WP_Error
	 */
	private function send( string $method, string $url, string $path, array $query, array $pair, string $auth, int $index, array $opts ) {
		$timeout    = (int) ( $opts['timeout'] ?? $this->settings->timeout() );
		$idempotent = (bool) ( $opts['idempotent'] ?? in_array( $method, array( 'GET', 'HEAD' ), true ) );
		$secrets    = array_filter( array_merge( array( $pair['consumer_secret'] ), $this->settings->all_secrets() ) );
		$waited     = 0.0;
		$timeouts   = 0;
		$store      = $this->settings->store_url();
		$ctx        = array(
			'path'      => $path,
			'scheme'    => 0 === strpos( $url, 'https://' ) ? 'https' : 'http',
			'auth'      => $auth,
			'store_url' => $store,
			'method'    => $method,
			'url'       => $url,
		);

		for ( $attempt = 1; ; $attempt++ ) {
			list( $headers, $full ) = $this->credentials( $method, $url, $query, $pair, $auth );

			$started = microtime( true );
			$raw     = $this->http( $full, $method, $headers, $timeout );
			$ms      = (int) round( ( microtime( true ) - $started ) * 1000 );

			if ( is_wp_error( $raw ) ) {
				$error = Errors::transport( $raw, $store, $timeout );
				$this->log( $method, $path, 0, $ms, $error, $auth, $pair, $attempt, $raw->get_error_message() );
				$slow = 'too_slow' === ( $error->get_error_data()['reason'] ?? '' );
				if ( $slow ) {
					++$timeouts;
				}
				if ( $slow && $idempotent && $timeouts < self::MAX_TIMEOUT_TRIES && $attempt < self::MAX_ATTEMPTS ) {
					$wait = self::backoff( $attempt, null, ( $this->random )() );
					if ( $waited + $wait <= self::MAX_TOTAL_WAIT ) {
						( $this->sleep )( $wait );
						$waited += $wait;
						continue;
					}
				}
				return $error;
			}

			$status  = (int) wp_remote_retrieve_response_code( $raw );
			$body    = (string) wp_remote_retrieve_body( $raw );
			$headers = array_change_key_case( self::headers( $raw ), CASE_LOWER );

			if ( $status >= 200 && $status < 300 ) {
				$decoded = Body::decode( $body );
				if ( $decoded['ok'] ) {
					$this->log( $method, $path, $status, $ms, null, $auth, $pair, $attempt );
					return new Response( $status, $headers, $decoded['data'], $ms, $index, $auth, $decoded['noise'] );
				}
			}

			$error = Errors::response( $status, $headers, $body, $ctx, $secrets );
			$this->log( $method, $path, $status, $ms, $error, $auth, $pair, $attempt );
			if ( $idempotent && in_array( $status, self::RETRY_STATUSES, true ) && $attempt < self::MAX_ATTEMPTS ) {
				$retry_after = Errors::retry_after( $headers );
				if ( null === $retry_after || $retry_after <= self::MAX_RETRY_AFTER ) {
					$wait = self::backoff( $attempt, $retry_after, ( $this->random )() );
					if ( $waited + $wait <= self::MAX_TOTAL_WAIT ) {
						( $this->sleep )( $wait );
						$waited += $wait;
						continue;
					}
				}
			}
			return $error;
		}
	}

	/**
	 * @param array<string,string> $headers
	 * @return array<string,mixed>|WP_Error
	 */
	private function http( string $url, string $method, array $headers, int $timeout ) {
		$connect = min( self::CONNECT_TIMEOUT, $timeout );
		$curl    = static function ( $handle ) use ( $connect ): void {
			if ( function_exists( 'curl_setopt' ) && ( is_resource( $handle ) || $handle instanceof \CurlHandle ) ) {
				curl_setopt( $handle, CURLOPT_CONNECTTIMEOUT_MS, $connect * 1000 ); // phpcs:ignore WordPress.WP.AlternativeFunctions.curl_curl_setopt
			}
		};
		$refused = $this->link_local( $url );
		if ( null !== $refused ) {
			return $refused;
		}
		add_filter( 'http_allowed_safe_ports', array( $this, 'allow_store_port' ), 10, 3 );
		add_action( 'http_api_curl', $curl );
		try {
			return wp_safe_remote_request( $url, $this->outbound_args( $method, $headers, $timeout ) );
		} finally {
			remove_filter( 'http_allowed_safe_ports', array( $this, 'allow_store_port' ), 10 );
			remove_action( 'http_api_curl', $curl );
		}
	}

	/**
	 * The arguments of every request to the store, for wp_safe_remote_request() and the parallel path alike:
	 * credentials never follow a redirect, and the URL is checked as WordPress checks unsafe URLs.
	 *
	 * @param array<string,string> $headers
	 * @return array<string,mixed>
	 */
	private function outbound_args( string $method, array $headers, int $timeout ): array {
		return array(
			'method'             => $method,
			'headers'            => $headers,
			'timeout'            => $timeout,
			'redirection'        => 0,
			'reject_unsafe_urls' => true,
			'sslverify'          => true,
			'sslcertificates'    => ABSPATH . WPINC . '/certificates/ca-bundle.crt',
			'user-agent'         => 'CartSessionsForCoCart/' . ( defined( 'CART_SESSIONS_VERSION' ) ? CART_SESSIONS_VERSION : '0' ) . '; ' . home_url( '/' ),
		);
	}

	/**
	 * Why the parallel path must not send this request, as WP_Http::request() would refuse it: an unsafe URL
	 * (wp_http_validate_url(), with the store's own port allowed), a link-local address, or a site that blocks
	 * outbound requests (WP_HTTP_BLOCK_EXTERNAL without the host in WP_ACCESSIBLE_HOSTS). Null: send it.
	 */
	private function refusal( string $url ): ?WP_Error {
		$refused = $this->link_local( $url );
		if ( null !== $refused ) {
			return $refused;
		}
		add_filter( 'http_allowed_safe_ports', array( $this, 'allow_store_port' ), 10, 3 );
		$valid = wp_http_validate_url( $url );
		remove_filter( 'http_allowed_safe_ports', array( $this, 'allow_store_port' ), 10 );
		if ( ! $valid ) {
			return new WP_Error( 'http_request_failed', __( 'A valid URL was not provided.' ) ); // phpcs:ignore WordPress.WP.I18n.MissingArgDomain -- core's own message.
		}
		if ( ( new \WP_Http() )->block_request( $url ) ) {
			return new WP_Error( 'http_request_not_executed', __( 'User has blocked requests through HTTP.' ) ); // phpcs:ignore WordPress.WP.I18n.MissingArgDomain -- core's own message.
		}
		return null;
	}

	/**
	 * Link-local addresses (169.254.0.0/16, where cloud metadata services answer, and fe80::/10), which
	 * wp_http_validate_url() lets through: refused unless the http_request_host_is_external filter allows the
	 * host, as WordPress does for private networks.
	 */
	private function link_local( string $url ): ?WP_Error {
		$host = strtolower( trim( (string) wp_parse_url( $url, PHP_URL_HOST ), '[].' ) );
		if ( '' === $host ) {
			return null;
		}
		$ip = filter_var( $host, FILTER_VALIDATE_IP ) ? $host : gethostbyname( $host );
		$v4 = filter_var( $ip, FILTER_VALIDATE_IP, FILTER_FLAG_IPV4 ) && 0 === strpos( $ip, '169.254.' );
		$v6 = filter_var( $ip, FILTER_VALIDATE_IP, FILTER_FLAG_IPV6 ) && 1 === preg_match( '/^fe[89ab]/', $ip );
		if ( ( $v4 || $v6 ) && ! apply_filters( 'http_request_host_is_external', false, $host, $url ) ) { // phpcs:ignore WordPress.NamingConventions.PrefixAllGlobals.NonPrefixedHooknameFound
			return new WP_Error( 'http_request_failed', __( 'A valid URL was not provided.' ) ); // phpcs:ignore WordPress.WP.I18n.MissingArgDomain -- core's own message.
		}
		return null;
	}

	/**
	 * WordPress's proxy (WP_PROXY_HOST, WP_PROXY_PORT, WP_PROXY_USERNAME/PASSWORD, WP_PROXY_BYPASS_HOSTS) for this
	 * URL, as its own transports use it; null when none applies.
	 *
	 * @return array{host:string,port:int,auth:string}|null
	 */
	private static function proxy_for( string $url ): ?array {
		$proxy = new \WP_HTTP_Proxy();
		if ( ! $proxy->is_enabled() || ! $proxy->send_through_proxy( $url ) ) {
			return null;
		}
		return array(
			'host' => (string) $proxy->host(),
			'port' => (int) $proxy->port(),
			'auth' => $proxy->use_authentication() ? (string) $proxy->authentication() : '',
		);
	}

	/**
	 * http_allowed_safe_ports: WordPress allows only 80, 443 and 8080; the saved store's own port is allowed for
	 * the store's origin (scheme, host and port) alone — not for any other host, nor any other port of it.
	 *
	 * @param int[]  $ports
	 * @param string $host
	 * @param string $url
	 * @return int[]
	 */
	public function allow_store_port( $ports, $host = '', $url = '' ): array {
		$ports = (array) $ports;
		$port  = (int) wp_parse_url( (string) $url, PHP_URL_PORT );
		if ( $port > 0 && Validator::origin( (string) $url ) === $this->settings->store_origin() && ( ! self::on_this_host( (string) $url ) || self::local_store_allowed( (string) $url ) ) ) {
			$ports[] = $port;
		}
		return array_values( array_unique( $ports ) );
	}

	/**
	 * Whether a URL is on this site's own host but not this site's own origin: another service on this server.
	 * WordPress skips its private-address check for its own host and allows only its own port there, so the
	 * store's port is added on this host only when deliberately allowed (local_store_allowed()).
	 */
	private static function on_this_host( string $url ): bool {
		$home = (string) wp_parse_url( home_url(), PHP_URL_HOST );
		return strtolower( $home ) === strtolower( (string) wp_parse_url( $url, PHP_URL_HOST ) ) && Validator::origin( $url ) !== Validator::origin( home_url() );
	}

	/**
	 * A store on this server at another port than this site (a TLS front, a second WordPress for testing): off
	 * unless the CART_SESSIONS_ALLOW_LOCAL_STORE constant is true or the cart_sessions_allow_local_store filter
	 * says so. Off, a store URL cannot point the plugin at another service on this server (a database, a cache).
	 */
	private static function local_store_allowed( string $url ): bool {
		/**
		 * Filters whether the plugin may call a store on this server's own host at another port than this site.
		 *
		 * @param bool   $allowed Default: the CART_SESSIONS_ALLOW_LOCAL_STORE constant (false when undefined).
		 * @param string $url     The request's URL.
		 */
		return (bool) apply_filters( 'cart_sessions_allow_local_store', defined( 'CART_SESSIONS_ALLOW_LOCAL_STORE' ) && true === constant( 'CART_SESSIONS_ALLOW_LOCAL_STORE' ), $url );
	}

	/**
	 * @param array<string,mixed> $raw
	 * @return array<string,string>
	 */
	private static function headers( array $raw ): array {
		$headers = wp_remote_retrieve_headers( $raw );
		$out     = array();
		if ( is_object( $headers ) && method_exists( $headers, 'getAll' ) ) {
			foreach ( $headers->getAll() as $name => $values ) {
				$out[ (string) $name ] = is_array( $values ) ? (string) end( $values ) : (string) $values;
			}
		} elseif ( is_array( $headers ) ) {
			foreach ( $headers as $name => $value ) {
				$out[ (string) $name ] = is_array( $value ) ? (string) end( $value ) : (string) $value;
			}
		}
		return $out;
	}

	/**
	 * @param array{consumer_key:string,consumer_secret:string} $pair
	 */
	private function log( string $method, string $path, int $status, int $ms, ?WP_Error $error, string $auth, array $pair, int $attempt, string $detail = '' ): void {
		$this->log->record(
			array(
				'method'      => $method,
				'path'        => '/' . ltrim( $path, '/' ),
				'status'      => $status,
				'duration_ms' => $ms,
				// The transport's own text (a cURL error) only here, redacted by the log: never on screen.
				'error'       => null === $error ? '' : (string) $error->get_error_code() . ( '' !== $detail ? ': ' . $detail : '' ),
				'auth'        => $auth,
				'key'         => Validator::hint( $pair['consumer_key'] ),
				'attempt'     => $attempt,
			)
		);
	}
}
